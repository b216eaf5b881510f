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
    """The survey round an edition names (its id or title); without one, the latest published round."""
    from kartlagg.surveys.selectors import round_list

    rounds = round_list(include_unpublished=bool(round_key))
    if round_key.isdigit():
        return rounds.filter(pk=int(round_key)).first()
    if round_key:
        return rounds.filter(title=round_key).first()
    return rounds.order_by("-published_at", "-pk").first()


def _range(cell: Any) -> tuple[int | None, int | None]:
    if cell.value is None or cell.suppressed:
        return None, None
    return int(round(cell.value.lo)), int(round(cell.value.hi))


def survey_figures(*, round_key: str) -> SurveyFigures:
    from kartlagg.surveys import selectors as s
    from kartlagg.surveys.aggregate import TOTAL

    survey_round = resolve_round(round_key)
    if survey_round is None:
        return SurveyFigures()
    k = s.min_cell_orgs()
    demand = s.published_demand_table(round=survey_round, viewer_is_coordinator=False)
    by_sector = []
    for index, sector in enumerate(demand.col_keys):
        cell = demand.totals.cells[index]
        low, high = _range(cell)
        by_sector.append(
            Hires(str(sector), low, high, cell.contributors or 0, cell.suppressed or cell.value is None)
        )
    by_area = []
    for row in demand.rows:
        low, high = _range(row.total)
        if row.total.value is not None and not row.total.suppressed and not high:
            continue  # nobody plans to hire in this area: no bar
        by_area.append(
            Hires(
                row.key,
                low,
                high,
                row.total.contributors or 0,
                row.total.suppressed or row.total.value is None,
            )
        )
    hard = s.published_hard_to_find_table(round=survey_round, viewer_is_coordinator=False)
    votes = []
    for row in hard.rows:
        cell = row.total
        if cell.value is not None and not cell.suppressed and not cell.value.hi:
            continue
        count = None if cell.suppressed or cell.value is None else int(round(cell.value.hi))
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
    ]
    invited = {str(r.key): r.invited for r in s.response_rate(round=survey_round) if r.key != TOTAL}
    respondents = sorted(
        (Respondent(r.organisation_name, str(r.sector)) for r in s.response_records(round=survey_round)),
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
    return []


def stored_ad_counts() -> list[AdCount]:
    return []
