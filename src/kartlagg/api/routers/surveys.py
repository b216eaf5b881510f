"""Published survey aggregates: demand for hires per competence area and sector, with ranges.

Public once a round is published, always disclosure-controlled: a cell built from fewer than
KARTLAGG_MIN_CELL_ORGS organisations (and its complementary cells) comes back with value null and
suppressed true, for everyone but survey coordinators. Unpublished rounds exist only for coordinators.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from kartlagg.api.auth import optional_user
from kartlagg.api.schemas import ITEM_ERRORS, errors
from kartlagg.surveys.disclosure import PublishedCell, PublishedRow, PublishedTable
from kartlagg.surveys.models import Round
from kartlagg.surveys.policy import actor_for_user, policy
from kartlagg.surveys.selectors import (
    published_demand_table,
    published_hard_to_find_table,
    published_level_table,
    round_list,
)

router = Router(tags=["surveys"])


class RoundOut(Schema):
    id: int
    title: str
    status: str
    published: bool
    illustrative: bool


class CellOut(Schema):
    min: float | None
    max: float | None
    contributors: int | None
    suppressed: bool


class RowOut(Schema):
    key: str
    label: str
    cells: dict[str, CellOut]
    total: CellOut


class TableOut(Schema):
    key: str
    title: str
    unit: str
    columns: list[str]
    column_labels: list[str]
    rows: list[RowOut]
    totals: RowOut
    min_cell_orgs: int
    illustrative: bool


class RoundAggregatesOut(Schema):
    round: RoundOut
    demand_by_area_and_sector: TableOut
    demand_by_level_and_sector: TableOut
    hard_to_find_by_area_and_sector: TableOut


def _is_coordinator(request: HttpRequest) -> bool:
    return policy.sees_suppressed_cells(actor_for_user(optional_user(request)))


def _round_out(round_: Round) -> RoundOut:
    return RoundOut(
        id=round_.pk,
        title=round_.title,
        status=round_.status,
        published=round_.published_at is not None,
        illustrative=round_.is_illustrative,
    )


def _cell(cell: PublishedCell) -> CellOut:
    value = cell.value
    return CellOut(
        min=None if value is None else value.lo,
        max=None if value is None else value.hi,
        contributors=cell.contributors,
        suppressed=cell.suppressed,
    )


def _row(row: PublishedRow, columns: tuple[str, ...]) -> RowOut:
    return RowOut(
        key=row.key,
        label=row.label,
        cells={col: _cell(cell) for col, cell in zip(columns, row.cells, strict=True)},
        total=_cell(row.total),
    )


def _table(table: PublishedTable) -> TableOut:
    return TableOut(
        key=table.key,
        title=str(table.title),
        unit=str(table.unit),
        columns=list(table.col_keys),
        column_labels=[str(label) for label in table.col_labels],
        rows=[_row(row, table.col_keys) for row in table.rows],
        totals=_row(table.totals, table.col_keys),
        min_cell_orgs=table.min_cell_orgs,
        illustrative=table.illustrative,
    )


@router.get("/rounds", response=list[RoundOut], summary="Survey rounds with published aggregates")
def round_list_view(request: HttpRequest) -> list[RoundOut]:
    coordinator = _is_coordinator(request)
    return [_round_out(r) for r in round_list(include_unpublished=coordinator).order_by("-pk")]


@router.get(
    "/rounds/{round_id}/aggregates",
    response={200: RoundAggregatesOut, **errors(*ITEM_ERRORS)},
    summary="A round's published demand tables (disclosure-controlled)",
)
def round_aggregates(request: HttpRequest, round_id: int) -> RoundAggregatesOut:
    coordinator = _is_coordinator(request)
    round_ = round_list(include_unpublished=coordinator).filter(pk=round_id).first()
    if round_ is None:
        raise Http404("no published survey round with this id")
    return RoundAggregatesOut(
        round=_round_out(round_),
        demand_by_area_and_sector=_table(
            published_demand_table(round=round_, viewer_is_coordinator=coordinator)
        ),
        demand_by_level_and_sector=_table(
            published_level_table(round=round_, viewer_is_coordinator=coordinator)
        ),
        hard_to_find_by_area_and_sector=_table(
            published_hard_to_find_table(round=round_, viewer_is_coordinator=coordinator)
        ),
    )
