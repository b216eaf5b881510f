"""Gather an edition's ReportData from the other apps, through their selectors only."""

from __future__ import annotations

from django.apps import apps

from kartlagg.gaps.selectors import gap_table, scenario_spec
from kartlagg.reports.builder.data import (
    AdCount,
    AdsFigures,
    AreaLabel,
    GapRow,
    OfferingRow,
    Person,
    PlanRow,
    Quote,
    ReportData,
    SurveyFigures,
)
from kartlagg.reports.models import Edition

HANDS_ON_KINDS = frozenset({"hands_on", "apprenticeship"})
NORDIC = ("SE", "NO", "DK", "FI", "IS")


def collect_report_data(*, edition: Edition) -> ReportData:
    from kartlagg.taxonomy.selectors import current_areas, current_domain_version

    version = current_domain_version()
    survey = _survey_figures(round_key=edition.survey_round)
    scenario = edition.scenario
    result = gap_table(spec=scenario_spec(scenario=scenario, survey_round=survey.round_key))
    gaps = [
        GapRow(
            rank=c.rank,
            area=c.area,
            hires_low=c.hires_min,
            hires_high=c.hires_max,
            hard_votes=c.hard_votes,
            ads=c.ads + c.related_ads,
            offerings=c.offerings,
            hands_on=c.hands_on,
            demand_index=round(c.demand_index, 4),
            supply_index=round(c.supply_index, 4),
            gap=round(c.gap, 4),
        )
        for c in result.table.totals()
    ]
    plans = []
    if scenario is not None:
        plans = [
            PlanRow(p.key, p.name_sv, p.name_en, p.hires_min, p.hires_max, p.illustrative)
            for p in scenario.plans.order_by("key")
        ]
    return ReportData(
        edition_key=edition.key,
        year=edition.year,
        title_sv=edition.title_sv,
        title_en=edition.title_en,
        published_on=edition.published_on.isoformat() if edition.published_on else "",
        illustrative=edition.illustrative or survey.illustrative,
        areas=[AreaLabel(a.code, a.label_sv, a.label_en) for a in current_areas()],
        survey=survey,
        plans=plans,
        ads=_ads_figures(edition=edition),
        offerings=_offerings(),
        gaps=gaps,
        scenario_key=scenario.key if scenario else "",
        interviewees=_interviewees(round_key=survey.round_key),
        quotes=_quotes(),
        working_group=parse_people(edition.working_group),
        taxonomy_version=f"{version.domain.slug} {version.version}" if version else "",
        taxonomy_hash=version.content_hash if version else "",
    )


def parse_people(text: str) -> list[Person]:
    people = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, organisation = line.partition(",")
        people.append(Person(name=name.strip(), role="", organisation=organisation.strip()))
    return people


def _offerings() -> list[OfferingRow]:
    from kartlagg.catalogue.selectors import CatalogueFilters, offering_list

    return [
        OfferingRow(
            key=o.key,
            title_sv=o.title_sv,
            title_en=o.title_en,
            provider=o.provider.name,
            country=o.country,
            kind=o.kind,
            level=o.level,
            atmp_share=o.atmp_share,
            hands_on=o.kind in HANDS_ON_KINDS,
        )
        for o in offering_list(filters=CatalogueFilters()).order_by("country", "key")
    ]


def _survey_figures(*, round_key: str) -> SurveyFigures:
    if not apps.is_installed("kartlagg.surveys"):
        return SurveyFigures()
    from kartlagg.reports.adapters import survey_figures

    return survey_figures(round_key=round_key)


def _interviewees(*, round_key: str) -> list[Person]:
    if not apps.is_installed("kartlagg.interviews"):
        return []
    from kartlagg.reports.adapters import consenting_interviewees

    return consenting_interviewees(round_key=round_key)


def _quotes() -> list[Quote]:
    """Verbatim quotes whose interviewee consented to being quoted (the interviews app decides which)."""
    if not apps.is_installed("kartlagg.interviews"):
        return []
    from kartlagg.interviews.selectors import quotes_for_report

    return [
        Quote(q.text, q.language, q.interview.person_name, q.interview.organisation.name)
        for q in quotes_for_report().order_by("interview__person_name", "pk")
    ]


def _ads_figures(*, edition: Edition) -> AdsFigures:
    """Ads per year and country from the job-ad store, beside the counts an earlier mapping published
    (edition.carried_ads). The text states the store's count for the edition's ad year when the store has
    ads for it, and the published count otherwise; a published count for the same year is quoted too."""
    stored: list[AdCount] = []
    if apps.is_installed("kartlagg.jobads"):
        from kartlagg.reports.adapters import stored_ad_counts

        stored = stored_ad_counts()
    carried = [
        AdCount(year=int(item["year"]), country=str(item["country"]), count=int(item["count"]))
        for item in edition.carried_ads
    ]
    years = {c.year for c in stored} | {c.year for c in carried}
    year = edition.ads_year or (max(years) if years else None)
    return AdsFigures(
        counts=sorted(stored, key=lambda c: (c.year, c.country)),
        carried=sorted(carried, key=lambda c: (c.year, c.country)),
        source_note=edition.carried_ads_source if carried else "",
        year=year,
    )
