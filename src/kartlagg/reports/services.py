"""Write side of the status reports: editions, editor texts, builds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.db import transaction

import kartlagg
from kartlagg.reports.builder.compose import build_document
from kartlagg.reports.builder.document import Document
from kartlagg.reports.builder.html import render_html
from kartlagg.reports.builder.pdf import render_pdf
from kartlagg.reports.collect import collect_report_data
from kartlagg.reports.models import Edition, Language, OutputFormat, ReportBuild, Section, SectionText


class ReportError(ValueError):
    """A report cannot be built as asked (unknown edition, language or format)."""


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    document: Document
    data_hash: str
    taxonomy_version: str
    code_version: str


@cache
def code_version() -> str:
    """The package version, plus the git commit when running from a checkout (read without git).

    Read once per process: the code that runs is the code loaded at start, even if someone commits
    while a server (or a test run) is up."""
    version = kartlagg.__version__
    git = Path(kartlagg.__file__).resolve().parents[2] / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = git / head[5:]
            commit = ref.read_text().strip() if ref.exists() else _packed_ref(git, head[5:])
        else:
            commit = head
    except OSError:
        return version
    return f"{version}+{commit[:12]}" if commit else version


def _packed_ref(git: Path, ref: str) -> str:
    try:
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        pass
    return ""


def edition_texts(*, edition: Edition, language: str) -> dict[str, str]:
    return dict(edition.texts.filter(language=language).values_list("section", "text"))


def report_render(*, edition: Edition, language: str, fmt: str) -> RenderedReport:
    if language not in Language.values:
        raise ReportError(f"unknown language {language!r}: use one of {', '.join(Language.values)}")
    if fmt not in OutputFormat.values:
        raise ReportError(f"unknown format {fmt!r}: use one of {', '.join(OutputFormat.values)}")
    data = collect_report_data(edition=edition)
    version = code_version()
    meta = {
        "data_hash": data.content_hash,
        "taxonomy_version": data.taxonomy_version,
        "taxonomy_hash": data.taxonomy_hash,
        "code_version": version,
        "edition": edition.key,
    }
    document = build_document(
        data=data, language=language, overrides=edition_texts(edition=edition, language=language), meta=meta
    )
    content = render_html(document).encode("utf-8") if fmt == OutputFormat.HTML else render_pdf(document)
    return RenderedReport(content, document, data.content_hash, data.taxonomy_version, version)


@transaction.atomic
def report_build(*, edition: Edition, language: str, fmt: str, built_by: str = "") -> ReportBuild:
    """Render and store (replacing the previous build of the same edition, language and format)."""
    rendered = report_render(edition=edition, language=language, fmt=fmt)
    build, _ = ReportBuild.objects.update_or_create(
        edition=edition,
        language=language,
        format=fmt,
        defaults={
            "content": rendered.content,
            "sha256": hashlib.sha256(rendered.content).hexdigest(),
            "data_hash": rendered.data_hash,
            "taxonomy_version": rendered.taxonomy_version,
            "code_version": rendered.code_version,
            "built_by": built_by,
        },
    )
    return build


def report_build_all(*, edition: Edition, built_by: str = "") -> list[ReportBuild]:
    return [
        report_build(edition=edition, language=language, fmt=fmt, built_by=built_by)
        for language in Language.values
        for fmt in OutputFormat.values
    ]


@transaction.atomic
def section_text_set(*, edition: Edition, section: str, language: str, text: str) -> SectionText | None:
    """Set an editor's text for a section (empty text = back to the default template)."""
    if section not in Section.values:
        raise ReportError(f"unknown section {section!r}: use one of {', '.join(Section.values)}")
    if not text.strip():
        SectionText.objects.filter(edition=edition, section=section, language=language).delete()
        return None
    item, _ = SectionText.objects.update_or_create(
        edition=edition, section=section, language=language, defaults={"text": text}
    )
    item.full_clean()
    return item


@transaction.atomic
def edition_upsert(
    *,
    key: str,
    year: int,
    title_sv: str,
    title_en: str,
    published_on: date | None = None,
    survey_round: str = "",
    scenario_key: str = "",
    ads_year: int | None = None,
    carried_ads: list[dict[str, object]] | None = None,
    carried_ads_source: str = "",
    working_group: str = "",
    illustrative: bool = False,
    previous_key: str = "",
) -> Edition:
    from kartlagg.gaps.models import Scenario

    edition = Edition.objects.filter(key=key).first() or Edition(key=key)
    edition.year, edition.title_sv, edition.title_en = year, title_sv, title_en
    edition.published_on, edition.survey_round = published_on, survey_round
    edition.scenario = Scenario.objects.filter(key=scenario_key).first() if scenario_key else None
    if scenario_key and edition.scenario is None:
        raise ReportError(f"edition {key!r}: unknown scenario {scenario_key!r}")
    edition.ads_year, edition.carried_ads = ads_year, carried_ads or []
    edition.carried_ads_source, edition.working_group = carried_ads_source, working_group
    edition.illustrative = illustrative
    edition.previous = Edition.objects.filter(key=previous_key).first() if previous_key else None
    edition.full_clean()
    edition.save()
    return edition
