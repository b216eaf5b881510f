"""The demo, as `kartlagg up` loads it, regenerates the 2022 report's headline figures in both languages."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from kartlagg.cli.bootstrap import STEPS, resolve
from kartlagg.reports.models import ReportBuild


@pytest.fixture
def demo_up(db):
    """Every `kartlagg up` step in order, ours (the status report) last, as a newcomer gets them."""
    names = [name for name, _ in STEPS]
    assert names[-1] == "status report", "the report step must run after the data it reports on"
    return [resolve(path)() for _, path in STEPS]


def _text(build: ReportBuild) -> str:
    content = bytes(build.content)
    if build.format == "pdf":
        assert content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"<[^>]+>", "", content.decode())


HEADLINES = {
    "sv": [
        "behöva rekrytera över 500 personer",
        "behöva anställa ca 400 personer",
        "behöva anställa ca 60 personer",
        "50–100 personer",
        "31 lediga tjänster",
        "totalt 169 i Norden",
        "Alla de svarande regionerna samt 89 % av de svarande företagen",
        "Illustrativa data",
    ],
    "en": [
        "recruit more than 500 people",
        "hire about 400 people",
        "hire about 60 people",
        "50–100 people",
        "31 vacancies",
        "169 in the Nordics",
        "All of the responding regions and 89 % of the responding companies",
        "Illustrative data",
    ],
}


def test_regenerated_report_states_the_published_headline_figures(demo_up):
    assert demo_up[-1].startswith("edition atmp-2022: 4 files built")
    builds = ReportBuild.objects.filter(edition__key="atmp-2022")
    assert builds.count() == 4
    for build in builds:
        text = " ".join(_text(build).split())
        for phrase in HEADLINES[build.language]:
            assert phrase in text, f"{build.language}/{build.format}: {phrase!r}"


def test_job_ad_store_counts_stand_beside_the_published_ones(demo_up):
    text = " ".join(
        _text(ReportBuild.objects.get(edition__key="atmp-2022", language="en", format="html")).split()
    )
    # The illustrative ad sample is in the store, so its 2021 count is stated, and the 2022 mapping's
    # published count is quoted beside it (never replaced silently).
    assert re.search(
        r"In 2021, kartlagg's job-ad store holds \d+ ads in or close to the ATMP field in Sweden "
        r"and \d+ in the Nordics; the 2022 mapping reported 31 vacancies in Sweden "
        r"and 169 in the Nordics in total\.",
        text,
    )


def test_most_demanded_and_hardest_to_find_competences(demo_up):
    html = " ".join(
        _text(ReportBuild.objects.get(edition__key="atmp-2022", language="en", format="html")).split()
    )
    assert (
        "The most demanded competences are Cell and molecular biology, GMP production, "
        "CMC (chemistry, manufacturing and controls) and Regulatory affairs"
    ) in html
    assert "competence in GMP production of cells, GMP production of viral vectors and In vivo models" in html
