"""Adapters from the survey, job-ad and interview apps' selectors to gap evidence.

Only imported when the app in question is installed (see kartlagg.gaps.sources).

Planned infrastructures (survey sector "infrastructure", e.g. CCRM Nordic) are left out of the survey
evidence: their hires are conditional ("if it is established"), so they enter as a Plan that a scenario
switches on or off. The survey's own disclosure functions are then applied to the table without them
(k = KARTLAGG_MIN_CELL_ORGS), so every survey figure shown is still disclosure-controlled — and a
planned infrastructure's single answer no longer forces other sectors' totals into hiding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kartlagg.gaps.analysis import UNSPECIFIED, DemandEvidence, DemandSource
from kartlagg.gaps.sources import url_or_blank

PLANNED_SECTORS = frozenset({"infrastructure"})
ADS_RELEVANCE = ("atmp", "related")


def resolve_round(round_key: str) -> Any:
    """The survey round with this id or title; without one, the latest published round."""
    from kartlagg.surveys.selectors import round_list

    rounds = round_list(include_unpublished=bool(round_key))
    if round_key.isdigit():
        return rounds.filter(pk=int(round_key)).first()
    if round_key:
        return rounds.filter(title=round_key).first()
    return rounds.order_by("-published_at", "-pk").first()


def latest_survey_round() -> str:
    from django.apps import apps

    if not apps.is_installed("kartlagg.surveys"):
        return ""
    found = resolve_round("")
    return str(found.pk) if found else ""


@dataclass(frozen=True)
class PublicSurveyTables:
    round: Any
    demand: Any  # kartlagg.surveys.disclosure.PublishedTable, area × sector
    hard_to_find: Any  # PublishedTable, area × sector
    min_cell: int


def public_survey_tables(*, survey_round: Any) -> PublicSurveyTables:
    """The round's demand and hard-to-find tables as the public sees them, planned infrastructures
    left out (they are plans), disclosure control applied by the survey app's own functions."""
    from django.utils import translation

    from kartlagg.organisations.models import Sector
    from kartlagg.surveys import aggregate, disclosure
    from kartlagg.surveys import selectors as s

    records = [r for r in s.response_records(round=survey_round) if r.sector not in PLANNED_SECTORS]
    used = {r.sector for r in records}
    sectors = tuple(sector for sector in s.SECTORS if sector in used)
    instrument = survey_round.instrument.instrument
    k = s.min_cell_orgs()
    by_area = aggregate.demand_by_area(records, instrument, sectors)
    by_level = aggregate.demand_by_level(records, instrument, sectors)
    reasons = disclosure.suppress_linked([by_area, by_level], k)
    hard = aggregate.hard_to_find_table(records, instrument, sectors)
    language = translation.get_language() or "sv"

    def labels(role: str) -> dict[str, str]:
        question = instrument.question_by_role(role)
        items = (question.rows or question.options) if question else []
        return {o.code: o.label.get(language) for o in items}

    common = {
        "col_labels": {str(v): str(label) for v, label in Sector.choices},
        "k": k,
        "viewer_is_coordinator": False,
        "illustrative": survey_round.is_illustrative,
        "total_label": _("Total"),
    }
    demand = disclosure.publish(
        by_area,
        reasons[0],
        key="demand_by_area",
        title="",
        row_labels=labels("recruitment_by_area"),
        **common,
    )
    hard_table = disclosure.publish(
        hard,
        disclosure.suppress(hard, k),
        key="hard_to_find",
        title="",
        row_labels=labels("hard_to_find"),
        **common,
    )
    return PublicSurveyTables(survey_round, demand, hard_table, k)


def survey_demand_evidence(*, survey_round: str) -> list[DemandEvidence]:
    found = resolve_round(survey_round)
    if found is None:
        return []
    tables = public_survey_tables(survey_round=found)
    url = url_or_blank("surveys:results", found.pk)
    rows: list[DemandEvidence] = []
    for table, source in (
        (tables.demand, DemandSource.SURVEY_HIRES),
        (tables.hard_to_find, DemandSource.SURVEY_HARD),
    ):
        for row in table.rows:
            for index, sector in enumerate(table.col_keys):
                cell = row.cells[index]
                if cell.suppressed or cell.value is None or not cell.value.hi:
                    continue
                label = f"{found.title} · {table.col_labels[index]}"
                common = {
                    "area": row.key,
                    "level": UNSPECIFIED,
                    "label": label,
                    "url": url,
                    "ref": f"survey:{found.pk}:{source}:{row.key}:{sector}",
                    "illustrative": found.is_illustrative,
                }
                if source == DemandSource.SURVEY_HIRES:
                    rows.append(
                        DemandEvidence(
                            source,
                            hires_min=int(round(cell.value.lo)),
                            hires_max=int(round(cell.value.hi)),
                            **common,
                        )
                    )
                else:
                    rows.append(DemandEvidence(source, votes=int(round(cell.value.hi)), **common))
    return rows


def ads_demand_evidence(*, from_year: int | None, to_year: int | None) -> list[DemandEvidence]:
    """ATMP and related ads per area and year, from the job-ad store (nothing when there is no store)."""
    from kartlagg.ads.summaries import AdFilters, counts
    from kartlagg.jobads.selectors import StoreUnavailable, reading_store

    rows: list[DemandEvidence] = []
    try:
        with reading_store() as store:
            years = [int(r.key) for r in counts(store, by="year") if r.key.isdigit()]
            for year in years:
                if (from_year and year < from_year) or (to_year and year > to_year):
                    continue
                for relevance in ADS_RELEVANCE:
                    for row in counts(
                        store, by="area", filters=AdFilters(relevance=relevance, year=str(year))
                    ):
                        if not row.key:
                            continue
                        atmp = relevance == "atmp"
                        rows.append(
                            DemandEvidence(
                                DemandSource.ADS,
                                area=row.key,
                                level=UNSPECIFIED,
                                label=f"{_('Job ads')} {year} ({relevance})",
                                ads=row.ads if atmp else 0,
                                related_ads=0 if atmp else row.ads,
                                positions=row.positions,
                                year=year,
                                url=url_or_blank("jobads:overview")
                                + f"?relevance={relevance}&year={year}&area={row.key}",
                                ref=f"ads:{relevance}:{year}:{row.key}",
                            )
                        )
    except StoreUnavailable:
        return []
    return rows


def interview_demand_evidence(*, survey_round: str) -> list[DemandEvidence]:
    """Coded interview statements per area; interviewees are named only with their consent."""
    from kartlagg.interviews.models import Consent
    from kartlagg.interviews.selectors import interview_list

    rows: list[DemandEvidence] = []
    for interview in interview_list():
        per_area: dict[str, int] = {}
        for statement in interview.statements.all():
            for area in statement.areas.all():
                per_area[area.code] = per_area.get(area.code, 0) + 1
        named = interview.consent in (Consent.NAMED, Consent.QUOTES)
        who = (
            f"{interview.person_name}, {interview.organisation.name}" if named else _("Interview (not named)")
        )
        for code, n in sorted(per_area.items()):
            rows.append(
                DemandEvidence(
                    DemandSource.INTERVIEW,
                    area=code,
                    level=UNSPECIFIED,
                    label=who,
                    statements=n,
                    ref=f"interview:{interview.pk}:{code}",
                    illustrative=interview.is_illustrative,
                )
            )
    return rows
