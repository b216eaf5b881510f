"""Read side of the surveys: status for coordinators and the published aggregates everyone else may see.

The published_* functions are the API other parts of kartlagg (report, dashboard, API helpers) call.
They return plain dataclasses (kartlagg.surveys.disclosure.PublishedTable and friends) with disclosure
control already applied: pass viewer_is_coordinator=True only for a coordinator
(policy.sees_suppressed_cells).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from kartlagg.organisations.models import SECTOR_BY_KIND, Sector
from kartlagg.surveys import aggregate, disclosure
from kartlagg.surveys.aggregate import TOTAL, ResponseRecord
from kartlagg.surveys.disclosure import PublishedTable
from kartlagg.surveys.models import Invitation, ResponseStatus, Round, SurveyResponse

# Column order of every table by sector; the 2022 report added up industry, healthcare and infrastructure.
SECTORS: tuple[str, ...] = tuple(
    s.value
    for s in (
        Sector.INDUSTRY,
        Sector.HEALTHCARE,
        Sector.ACADEMIA,
        Sector.PUBLIC,
        Sector.INFRASTRUCTURE,
        Sector.OTHER,
    )
)


def min_cell_orgs() -> int:
    return int(getattr(settings, "KARTLAGG_MIN_CELL_ORGS", 3))


def round_list(*, include_unpublished: bool) -> QuerySet[Round]:
    rounds = Round.objects.select_related("instrument")
    return rounds if include_unpublished else rounds.filter(published_at__isnull=False)


def sector_for(*, org_type: str | None, organisation_kind: str) -> str:
    """The respondent's own answer on organisation type decides; the register's kind is the fallback."""
    sector = SECTOR_BY_KIND.get(org_type or organisation_kind, Sector.OTHER)
    return str(getattr(sector, "value", sector))


def response_records(*, round: Round) -> list[ResponseRecord]:
    """Submitted responses only: drafts never reach a total."""
    instrument = round.questionnaire
    type_q = instrument.question_by_role("organisation_type")
    out = []
    for response in SurveyResponse.objects.filter(
        round=round, status=ResponseStatus.SUBMITTED
    ).select_related("organisation"):
        org_type = response.answers.get(type_q.id) if type_q else None
        out.append(
            ResponseRecord(
                organisation_id=response.organisation_id,
                organisation_name=response.organisation.name,
                sector=sector_for(org_type=org_type, organisation_kind=response.organisation.kind),
                org_type=org_type or response.organisation.kind,
                answers=response.answers,
            )
        )
    return out


@dataclass(frozen=True)
class OrgStatus:
    organisation_id: int
    organisation_name: str
    organisation_slug: str
    sector: str
    progress: str  # not_started | draft | submitted
    submitted_at: object
    updated_at: object
    contacts: int
    links: int
    reminders_sent: int


def round_status(*, round: Round) -> list[OrgStatus]:
    """Per invited organisation: how far it got. Coordinators only (policy.can_see_round_status)."""
    responses = {r.organisation_id: r for r in SurveyResponse.objects.filter(round=round)}
    type_q = round.questionnaire.question_by_role("organisation_type")
    out = []
    for inv in (
        Invitation.objects.filter(round=round)
        .select_related("organisation")
        .prefetch_related("organisation__contacts", "links")
    ):
        resp = responses.get(inv.organisation_id)
        org_type = resp.answers.get(type_q.id) if resp and type_q else None
        out.append(
            OrgStatus(
                organisation_id=inv.organisation_id,
                organisation_name=inv.organisation.name,
                organisation_slug=inv.organisation.slug,
                sector=sector_for(org_type=org_type, organisation_kind=inv.organisation.kind),
                progress=resp.progress if resp else "not_started",
                submitted_at=resp.submitted_at if resp else None,
                updated_at=resp.updated_at if resp else None,
                contacts=len(inv.organisation.contacts.all()),
                links=len(inv.links.all()),
                reminders_sent=inv.reminders_sent,
            )
        )
    return out


def response_rate(*, round: Round) -> list[aggregate.RateRow]:
    """Invited, submitted and drafts per sector plus a TOTAL row (not sensitive: counts of organisations)."""
    return aggregate.response_rates(((s.sector, s.progress) for s in round_status(round=round)), SECTORS)


def _sector_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Sector.choices}


def _used_sectors(records: list[ResponseRecord]) -> tuple[str, ...]:
    used = {r.sector for r in records}
    return tuple(s for s in SECTORS if s in used)


def _row_labels(round: Round, role: str) -> dict[str, str]:
    question = round.questionnaire.question_by_role(role)
    if question is None:
        return {}
    lang = translation.get_language() or "sv"
    items = question.rows or question.options
    return {o.code: o.label.get(lang) for o in items}


def _published(
    round: Round,
    table: aggregate.Table,
    reasons: dict,
    *,
    key: str,
    title: str,
    role: str,
    viewer_is_coordinator: bool,
    unit: str = "",
) -> PublishedTable:
    return disclosure.publish(
        table,
        reasons,
        key=key,
        title=title,
        row_labels=_row_labels(round, role),
        col_labels=_sector_labels(),
        k=min_cell_orgs(),
        viewer_is_coordinator=viewer_is_coordinator,
        illustrative=round.is_illustrative,
        total_label=_("Total"),
        unit=unit,
    )


def _demand_tables(round: Round) -> tuple[aggregate.Table, aggregate.Table, list[dict]]:
    records = response_records(round=round)
    sectors = _used_sectors(records)
    instrument = round.questionnaire
    by_area = aggregate.demand_by_area(records, instrument, sectors)
    by_level = aggregate.demand_by_level(records, instrument, sectors)
    return by_area, by_level, disclosure.suppress_linked([by_area, by_level], min_cell_orgs())


def published_demand_table(*, round: Round, viewer_is_coordinator: bool) -> PublishedTable:
    """Expected recruitment over five years, competence area x sector, as [min, max] ranges."""
    by_area, _by_level, reasons = _demand_tables(round)
    return _published(
        round,
        by_area,
        reasons[0],
        key="demand_by_area",
        title=_("Expected recruitment over five years by competence area"),
        role="recruitment_by_area",
        viewer_is_coordinator=viewer_is_coordinator,
        unit=_("people"),
    )


def published_level_table(*, round: Round, viewer_is_coordinator: bool) -> PublishedTable:
    """Expected recruitment by education level x sector (suppressed consistently with the area table)."""
    _by_area, by_level, reasons = _demand_tables(round)
    return _published(
        round,
        by_level,
        reasons[1],
        key="demand_by_level",
        title=_("Expected recruitment over five years by education level"),
        role="recruitment_by_level",
        viewer_is_coordinator=viewer_is_coordinator,
        unit=_("people"),
    )


def published_hard_to_find_table(*, round: Round, viewer_is_coordinator: bool) -> PublishedTable:
    records = response_records(round=round)
    table = aggregate.hard_to_find_table(records, round.questionnaire, _used_sectors(records))
    return _published(
        round,
        table,
        disclosure.suppress(table, min_cell_orgs()),
        key="hard_to_find",
        title=_("Organisations naming a competence as hard to find"),
        role="hard_to_find",
        viewer_is_coordinator=viewer_is_coordinator,
        unit=_("organisations"),
    )


def published_contribution_tables(
    *, round: Round, viewer_is_coordinator: bool
) -> tuple[PublishedTable, PublishedTable]:
    """(organisations offering each kind of contribution, their yearly capacity) by sector."""
    records = response_records(round=round)
    offering, capacity = aggregate.contribution_tables(records, round.questionnaire, _used_sectors(records))
    k = min_cell_orgs()
    return (
        _published(
            round,
            offering,
            disclosure.suppress(offering, k),
            key="contribution_offered",
            title=_("Organisations offering to contribute, by kind"),
            role="contribution",
            viewer_is_coordinator=viewer_is_coordinator,
            unit=_("organisations"),
        ),
        _published(
            round,
            capacity,
            disclosure.suppress(capacity, k),
            key="contribution_capacity",
            title=_("Yearly capacity offered, by kind"),
            role="contribution",
            viewer_is_coordinator=viewer_is_coordinator,
        ),
    )


def hard_to_find_ranking(*, round: Round) -> list[aggregate.RankItem]:
    """Counts of organisations across all sectors (no single organisation's answer can be read off)."""
    return aggregate.hard_to_find_ranking(response_records(round=round), round.questionnaire)


def demand_ranking(*, round: Round, viewer_is_coordinator: bool) -> list[tuple[str, aggregate.Range | None]]:
    """Areas by total expected recruitment; a suppressed row total shows as None (but keeps its place
    only for coordinators, so the order cannot betray a hidden value)."""
    table = published_demand_table(round=round, viewer_is_coordinator=viewer_is_coordinator)
    shown = [(row.key, row.total.value) for row in table.rows if row.total.value is not None]
    ranked: list[tuple[str, aggregate.Range | None]] = [
        item for item in sorted(shown, key=lambda i: (-(i[1].lo + i[1].hi), -i[1].hi)) if item[1].hi > 0
    ]
    return ranked


def willingness_by_sector(*, round: Round) -> list[aggregate.WillingnessRow]:
    records = response_records(round=round)
    return aggregate.willingness_by_sector(records, round.questionnaire, _used_sectors(records))


def nonresponse_corrected_estimate(
    *, round: Round, viewer_is_coordinator: bool
) -> list[aggregate.CorrectedEstimate]:
    """Sector totals scaled by invited/responded — a separate, labelled figure, never a total. A sector
    whose observed total is suppressed gets no estimate (it would give the total back)."""
    table = published_demand_table(round=round, viewer_is_coordinator=viewer_is_coordinator)
    observed = {
        col: table.totals.cells[i].value
        for i, col in enumerate(table.col_keys)
        if table.totals.cells[i].value is not None
        and (viewer_is_coordinator or not table.totals.cells[i].suppressed)
    }
    return aggregate.nonresponse_corrected(observed, response_rate(round=round))  # type: ignore[arg-type]


__all__ = [
    "TOTAL", "SECTORS", "OrgStatus", "demand_ranking", "hard_to_find_ranking", "min_cell_orgs",
    "nonresponse_corrected_estimate", "published_contribution_tables", "published_demand_table",
    "published_hard_to_find_table", "published_level_table", "response_rate", "response_records",
    "round_list", "round_status", "willingness_by_sector",
]  # fmt: skip
