"""Adapters from the survey, interview and job-ad apps' selectors to report figures.

Only imported when the app in question is installed (see kartlagg.reports.collect). The report is a
public document, so every survey figure comes from the published selectors with
viewer_is_coordinator=False: what disclosure control hides there stays hidden here.
"""

from __future__ import annotations

from typing import Any

from kartlagg.reports.builder.data import (
    AdCount,
    Hires,
    Person,
    Respondent,
    SurveyFigures,
    Votes,
    Willingness,
)


def resolve_round(round_key: str) -> Any:
    from kartlagg.gaps.adapters import resolve_round as resolve

    return resolve(round_key)


def _range(cell: Any) -> tuple[int | None, int | None]:
    if cell.value is None or cell.suppressed:
        return None, None
    return int(round(cell.value.lo)), int(round(cell.value.hi))


def survey_figures(*, round_key: str) -> SurveyFigures:
    """Sector and area totals as the public sees them. Planned infrastructures are left out here (the
    report states them as plans, e.g. CCRM Nordic 50–100) — see kartlagg.gaps.adapters."""
    from kartlagg.gaps.adapters import PLANNED_SECTORS, public_survey_tables
    from kartlagg.surveys import selectors as s
    from kartlagg.surveys.aggregate import TOTAL

    survey_round = resolve_round(round_key)
    if survey_round is None:
        return SurveyFigures()
    tables = public_survey_tables(survey_round=survey_round)
    k = tables.min_cell
    demand = tables.demand
    by_sector = []
    for index, sector in enumerate(demand.col_keys):
        cell = demand.totals.cells[index]
        low, high = _range(cell)
        by_sector.append(Hires(str(sector), low, high, cell.contributors or 0, low is None))
    by_area = []
    for row in demand.rows:
        low, high = _range(row.total)
        if low is not None and not high:
            continue  # nobody plans to hire in this area: no bar
        by_area.append(Hires(row.key, low, high, row.total.contributors or 0, low is None))
    votes = []
    for row in tables.hard_to_find.rows:
        cell = row.total
        count = None if cell.suppressed or cell.value is None else int(round(cell.value.hi))
        if count == 0:
            continue
        votes.append(Votes(row.key, count, cell.contributors or 0, count is None))
    willing = [
        Willingness(
            sector=str(w.sector),
            willing=None if w.responded < k else w.willing,
            responded=w.responded,
            # A share over fewer than k organisations would tell what each of them answered.
            suppressed=w.responded < k,
        )
        for w in s.willingness_by_sector(round=survey_round)
        if w.sector not in PLANNED_SECTORS
    ]
    invited = {
        str(r.key): r.invited
        for r in s.response_rate(round=survey_round)
        if r.key != TOTAL and r.key not in PLANNED_SECTORS
    }
    respondents = sorted(
        (
            Respondent(r.organisation_name, str(r.sector))
            for r in s.response_records(round=survey_round)
            if r.sector not in PLANNED_SECTORS
        ),
        key=lambda r: (r.sector, r.name),
    )
    return SurveyFigures(
        round_key=str(survey_round.pk),
        round_title=survey_round.title,
        illustrative=survey_round.is_illustrative,
        invited=invited,
        respondents=respondents,
        hires_by_sector=by_sector,
        hires_by_area=by_area,
        hard_to_find=votes,
        willingness=willing,
        min_cell=k,
    )


def consenting_interviewees(*, round_key: str) -> list[Person]:
    """Interviewees who agreed to be named (the appendix lists nobody else)."""
    from kartlagg.interviews.models import Consent
    from kartlagg.interviews.selectors import interview_list

    return [
        Person(i.person_name, i.person_role, i.organisation.name)
        for i in interview_list().order_by("person_name")
        if i.consent in (Consent.NAMED, Consent.QUOTES)
    ]


def stored_ad_counts() -> list[AdCount]:
    """ATMP and related ads per year and country in the job-ad store (none when there is no store)."""
    from kartlagg.ads.summaries import AdFilters, counts
    from kartlagg.jobads.selectors import StoreUnavailable, reading_store

    totals: dict[tuple[int, str], int] = {}
    try:
        with reading_store() as store:
            for relevance in ("atmp", "related"):
                for year_row in counts(store, by="year", filters=AdFilters(relevance=relevance)):
                    if not year_row.key.isdigit():
                        continue
                    filters = AdFilters(relevance=relevance, year=year_row.key)
                    for row in counts(store, by="country", filters=filters):
                        key = (int(year_row.key), row.key)
                        totals[key] = totals.get(key, 0) + row.ads
    except StoreUnavailable:
        return []
    return [AdCount(year, country, n) for (year, country), n in sorted(totals.items()) if country]
