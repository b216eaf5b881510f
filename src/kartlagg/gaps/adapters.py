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
# Survey level codes → kartlagg.core.vocab.EducationLevel. An "experienced specialist" hire is matched
# against professional-development offerings (the training such a hire's competence is kept up by).
SURVEY_LEVELS = {
    "vocational": "vocational",
    "bachelor": "first_cycle",
    "master": "second_cycle",
    "phd": "third_cycle",
    "specialist": "professional",
}
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
    levels: Any  # PublishedTable, education level × sector (suppressed consistently with ``demand``)
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
    level_table = disclosure.publish(
        by_level,
        reasons[1],
        key="demand_by_level",
        title="",
        row_labels=labels("recruitment_by_level"),
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
    return PublicSurveyTables(survey_round, demand, level_table, hard_table, k)


def split_exact(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of an integer in proportion to weights; the parts sum to ``total``."""
    whole = sum(weights)
    if not whole:
        return [0 for _ in weights]
    raw = [total * w / whole for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def level_shares(levels_table: Any) -> dict[str, list[tuple[str, float]]]:
    """Per sector, the published share of hires at each education level (midpoints); a sector with a
    suppressed level cell gets no shares, so its demand stays "level not stated"."""
    shares: dict[str, list[tuple[str, float]]] = {}
    for index, sector in enumerate(levels_table.col_keys):
        cells = [(row.key, row.cells[index]) for row in levels_table.rows]
        if any(cell.suppressed or cell.value is None for _, cell in cells):
            continue
        weights = [(SURVEY_LEVELS.get(key, ""), (cell.value.lo + cell.value.hi) / 2) for key, cell in cells]
        if sum(w for _, w in weights) > 0:
            shares[str(sector)] = [(level, w) for level, w in weights if level]
    return shares


def survey_demand_evidence(*, survey_round: str) -> list[DemandEvidence]:
    """Hires per area × sector, split over education levels by that sector's level distribution (the
    survey asks area and level separately; the split is an estimate and says so), and hard-to-find votes."""
    found = resolve_round(survey_round)
    if found is None:
        return []
    tables = public_survey_tables(survey_round=found)
    shares = level_shares(tables.levels)
    url = url_or_blank("surveys:results", found.pk)
    rows: list[DemandEvidence] = []
    common = {"url": url, "illustrative": found.is_illustrative}
    for row in tables.hard_to_find.rows:
        # Votes by area over all sectors: a row total can be shown where its sector cells cannot.
        cell = row.total
        if not cell.suppressed and cell.value is not None and cell.value.hi:
            label = f"{found.title} · {_('all sectors')}"
            ref = f"survey:{found.pk}:hard:{row.key}"
            votes = int(round(cell.value.hi))
            rows.append(
                DemandEvidence(
                    DemandSource.SURVEY_HARD, row.key, UNSPECIFIED, label, votes=votes, ref=ref, **common
                )
            )
    demand = tables.demand
    for row in demand.rows:
        cells = list(zip(demand.col_keys, demand.col_labels, row.cells, strict=True))
        if any(c.suppressed or c.value is None for _k, _l, c in cells):
            # Some sector cell is hidden: use the row total (if shown), level not stated.
            total = row.total
            if not total.suppressed and total.value is not None and total.value.hi:
                label = f"{found.title} · {_('all sectors')}"
                low, high = int(round(total.value.lo)), int(round(total.value.hi))
                ref = f"survey:{found.pk}:hires:{row.key}"
                rows.append(
                    DemandEvidence(
                        DemandSource.SURVEY_HIRES,
                        row.key,
                        UNSPECIFIED,
                        label,
                        hires_min=low,
                        hires_max=high,
                        ref=ref,
                        **common,
                    )
                )
            continue
        for sector, sector_label, cell in cells:
            if not cell.value.hi:
                continue
            label = f"{found.title} · {sector_label}"
            ref = f"survey:{found.pk}:hires:{row.key}:{sector}"
            low, high = int(round(cell.value.lo)), int(round(cell.value.hi))
            sector_shares = shares.get(str(sector))
            if not sector_shares:
                rows.append(
                    DemandEvidence(
                        DemandSource.SURVEY_HIRES,
                        row.key,
                        UNSPECIFIED,
                        label,
                        hires_min=low,
                        hires_max=high,
                        ref=ref,
                        **common,
                    )
                )
                continue
            weights = [w for _lvl, w in sector_shares]
            estimated = _("level split estimated from the sector's level distribution")
            for (level, _w), part_low, part_high in zip(
                sector_shares, split_exact(low, weights), split_exact(high, weights), strict=True
            ):
                if part_high:
                    rows.append(
                        DemandEvidence(
                            DemandSource.SURVEY_HIRES,
                            row.key,
                            level,
                            f"{label} ({estimated})",
                            hires_min=part_low,
                            hires_max=part_high,
                            ref=f"{ref}:{level}",
                            **common,
                        )
                    )
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
