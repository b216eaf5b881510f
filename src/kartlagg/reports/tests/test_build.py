"""Building the status report: reproducible HTML, a vector PDF, editor texts, comparison of editions."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from kartlagg.reports.builder.compose import SectionTextError
from kartlagg.reports.demo import reports_load_demo
from kartlagg.reports.models import ReportBuild
from kartlagg.reports.selectors import text_diff
from kartlagg.reports.services import edition_upsert, report_build, report_render, section_text_set


@pytest.fixture
def edition(seeded_catalogue):
    return reports_load_demo()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_same_data_gives_byte_identical_html_and_pdf(edition):
    for language in ("sv", "en"):
        first = report_render(edition=edition, language=language, fmt="html").content
        second = report_render(edition=edition, language=language, fmt="html").content
        assert first == second
    assert (
        report_render(edition=edition, language="sv", fmt="pdf").content
        == report_render(edition=edition, language="sv", fmt="pdf").content
    )


def test_html_records_data_hash_taxonomy_and_code_version(edition):
    rendered = report_render(edition=edition, language="sv", fmt="html")
    html = rendered.content.decode()
    assert f'<meta name="kartlagg:data_hash" content="{rendered.data_hash}">' in html
    assert '<meta name="kartlagg:taxonomy_version" content="atmp ' in html
    assert f'<meta name="kartlagg:code_version" content="{rendered.code_version}">' in html
    assert re.fullmatch(r"[0-9a-f]{64}", rendered.data_hash)


def test_changing_the_data_changes_the_hash(edition):
    before = report_render(edition=edition, language="en", fmt="html").data_hash
    edition_upsert(
        key=edition.key,
        year=2022,
        title_sv=edition.title_sv,
        title_en=edition.title_en,
        carried_ads=[{"year": 2021, "country": "SE", "count": 32}],
        carried_ads_source="2022",
        scenario_key="with-ccrm-nordic",
    )
    edition.refresh_from_db()
    assert report_render(edition=edition, language="en", fmt="html").data_hash != before


def test_report_follows_the_2022_structure_in_both_languages(edition):
    sv = report_render(edition=edition, language="sv", fmt="html").document.text()
    en = report_render(edition=edition, language="en", fmt="html").document.text()
    for heading in (
        "Bakgrund",
        "Svenskt utbildningsutbud",
        "Förväntat rekryteringsbehov",
        "Exempel",
        "Sammanfattning",
        "Appendix",
        "Arbetsgrupp",
    ):
        assert heading in sv, heading
    for heading in (
        "Background",
        "Swedish education supply",
        "Expected recruitment needs",
        "Examples",
        "Summary and outlook",
        "Appendix",
        "Working group",
    ):
        assert heading in en, heading
    assert "Hanna Sjölund, Karolinska Universitetssjukhuset" in sv
    assert "Illustrative" in en and "Illustrativa" in sv


def test_pdf_is_a_pdf_with_vector_charts_and_the_carried_figures(edition):
    content = report_render(edition=edition, language="en", fmt="pdf").content
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert all(not page.images for page in reader.pages)  # charts are drawn, not embedded pictures
    text = pdf_text(content)
    assert "31 vacancies" in text and "169 in the Nordics" in text
    assert "50–100" in text
    assert "Job ads in or close to the ATMP field, per year and country" in text


def test_an_editor_text_replaces_the_default_and_is_filled_from_data(edition):
    section_text_set(
        edition=edition,
        section="outlook",
        language="en",
        text="Edited outlook: {{ se_offerings }} Swedish offerings.",
    )
    html = report_render(edition=edition, language="en", fmt="html").content.decode()
    assert re.search(r"Edited outlook: \d+ Swedish offerings\.", html)
    assert "Edited outlook" not in report_render(edition=edition, language="sv", fmt="html").content.decode()
    section_text_set(edition=edition, section="outlook", language="en", text="")
    assert "Edited outlook" not in report_render(edition=edition, language="en", fmt="html").content.decode()


def test_an_editor_text_cannot_inject_html(edition):
    section_text_set(
        edition=edition, section="lead", language="en", text="<script>alert(1)</script> **bold**"
    )
    html = report_render(edition=edition, language="en", fmt="html").content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<strong>bold</strong>" in html


def test_a_broken_editor_text_names_edition_section_and_language(edition):
    section_text_set(edition=edition, section="needs", language="sv", text="{% if %}")
    with pytest.raises(SectionTextError, match="atmp-2022/needs/sv"):
        report_render(edition=edition, language="sv", fmt="html")


def test_builds_are_stored_once_per_language_and_format(edition):
    report_build(edition=edition, language="sv", fmt="html")
    report_build(edition=edition, language="sv", fmt="html")
    build = ReportBuild.objects.get(edition=edition, language="sv", format="html")
    assert bytes(build.content).startswith(b"<!doctype html>")
    assert ReportBuild.objects.filter(edition=edition).count() == 1


def test_two_editions_compare_line_by_line(edition):
    newer = edition_upsert(
        key="atmp-2023",
        year=2023,
        title_sv="Kartläggning 2023",
        title_en="Mapping 2023",
        carried_ads=[
            {"year": 2021, "country": "SE", "count": 40},
            {"year": 2021, "country": "NORDIC", "count": 169},
        ],
        carried_ads_source="2023",
        scenario_key="with-ccrm-nordic",
        previous_key=edition.key,
    )
    old = report_render(edition=edition, language="en", fmt="html").document.text()
    new = report_render(edition=newer, language="en", fmt="html").document.text()
    changed = [line for line in text_diff(old=old, new=new) if line.kind != "same"]
    assert any("31 vacancies" in line.old and "40 vacancies" in line.new for line in changed)
    assert any(line.old.startswith("Mapping of education") and line.new == "Mapping 2023" for line in changed)


def test_interviews_appear_only_as_far_as_consent_allows(edition):
    from kartlagg.interviews.services import interview_record, interview_set_consent, statement_add
    from kartlagg.organisations.services import organisation_get_or_create

    org = organisation_get_or_create(name="Exempelbolaget AB", kind="company_sme")
    quoted = interview_record(
        organisation=org, person_name="Anna Exempel", person_role="VD", consent="quotes"
    )
    statement_add(
        interview=quoted, text="Vi hittar inga\nGMP-tekniker.", kind="quote", area_codes=["gmp-production"]
    )
    silent = interview_record(organisation=org, person_name="Bo Anonym", person_role="CSO")
    statement_add(interview=silent, text="Hemligt citat.", kind="quote", area_codes=["cmc"])

    sv = report_render(edition=edition, language="sv", fmt="html").document.text()
    assert "- ”Vi hittar inga GMP-tekniker.” — Anna Exempel, Exempelbolaget AB" in sv
    assert "Anna Exempel, VD, Exempelbolaget AB" in sv  # appendix: interviewees who may be named
    assert "Bo Anonym" not in sv and "Hemligt citat" not in sv
    assert "Vi hittar inga" not in report_render(edition=edition, language="en", fmt="html").document.text()

    interview_set_consent(interview=quoted, consent="none")  # withdrawn: out of the next build
    assert "Anna Exempel" not in report_render(edition=edition, language="sv", fmt="html").document.text()
