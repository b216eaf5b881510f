"""Disclosure control: no published table may expose one organisation's plans.

Primary suppression: a cell (including a row, column or grand total) built from 1 to k-1 contributing
organisations is hidden (k = settings.KARTLAGG_MIN_CELL_ORGS, 3 by default). A cell with no contributor
is a known zero and is shown.

Complementary suppression: totals and differences must not give a hidden value back. Write the table
with its margins as a bipartite graph: one node per row (the total row included), one per column (the
total column included), one edge per hidden cell. Every row and column equation is then "the edges at
a node sum to zero" (after flipping the sign of margin cells), so a hidden value can be recomputed from
what is shown exactly when its edge is a bridge — on no cycle. We therefore hide further cells until no
hidden edge is a bridge, choosing each time the cheapest path that closes a cycle (small non-zero
interior cells first, totals reluctantly, the grand total last). Every hidden cell then lies on a cycle,
and moving +t/−t around it changes that cell while every shown number stays the same.

Linked tables (the same respondents' totals by area and by education level) share their hidden column
totals, so one table's shown total cannot undo the other's suppression.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kartlagg.surveys.aggregate import TOTAL, Cell, Range, Table

PRIMARY = "primary"
COMPLEMENTARY = "complementary"

Key = tuple[str, str]


def _primary(cells: Mapping[Key, Cell], k: int) -> set[Key]:
    return {key for key, cell in cells.items() if 0 < len(cell.contributors) < k}


def _cost(key: Key, cell: Cell) -> float:
    row, col = key
    if row == TOTAL and col == TOTAL:
        return 1e12
    cost = 1.0 + float(cell.value.hi)
    if row == TOTAL or col == TOTAL:
        cost += 1e6
    if not cell.contributors:
        # A hidden known zero protects less (values are never negative), so prefer real cells.
        cost += 1e3
    return cost


def _node_edges(hidden: set[Key]) -> dict[tuple[str, str], list[tuple[tuple[str, str], Key]]]:
    adj: dict[tuple[str, str], list[tuple[tuple[str, str], Key]]] = {}
    for r, c in hidden:
        a, b = ("r", r), ("c", c)
        adj.setdefault(a, []).append((b, (r, c)))
        adj.setdefault(b, []).append((a, (r, c)))
    return adj


def _connected_without(adj: Mapping, start: tuple[str, str], goal: tuple[str, str], skip: Key) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt, edge in adj.get(node, []):
            if edge != skip and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def bridges(hidden: set[Key]) -> list[Key]:
    """Hidden cells whose value the shown cells and margins determine exactly (sorted, deterministic)."""
    adj = _node_edges(hidden)
    return sorted(key for key in hidden if not _connected_without(adj, ("r", key[0]), ("c", key[1]), key))


def _cheapest_cycle(
    bridge: Key, hidden: set[Key], cells: Mapping[Key, Cell], rows: Sequence[str], cols: Sequence[str]
) -> list[Key]:
    """Cells to hide so that `bridge` closes a cycle: Dijkstra from its row to its column, where hidden
    cells cost nothing and shown cells cost their _cost."""
    start, goal = ("r", bridge[0]), ("c", bridge[1])
    dist: dict[tuple[str, str], float] = {start: 0.0}
    back: dict[tuple[str, str], tuple[tuple[str, str], Key]] = {}
    heap: list[tuple[float, tuple[str, str]]] = [(0.0, start)]
    while heap:
        d, node = heapq.heappop(heap)
        if node == goal:
            break
        if d > dist.get(node, float("inf")):
            continue
        kind, name = node
        neighbours = [("c", c) for c in cols] if kind == "r" else [("r", r) for r in rows]
        for nxt in neighbours:
            key: Key = (name, nxt[1]) if kind == "r" else (nxt[1], name)
            if key == bridge:
                continue
            step = 0.0 if key in hidden else _cost(key, cells[key])
            nd = d + step
            if nd < dist.get(nxt, float("inf")):
                dist[nxt] = nd
                back[nxt] = (node, key)
                heapq.heappush(heap, (nd, nxt))
    path: list[Key] = []
    node = goal
    while node != start:
        node, key = back[node]
        path.append(key)
    return [key for key in path if key not in hidden]


def suppress(table: Table, k: int, *, forced: set[Key] | None = None) -> dict[Key, str]:
    """Decide which cells of `table` (totals included, keyed with TOTAL) are hidden, and why."""
    cells = table.with_totals()
    rows, cols = (*table.row_keys, TOTAL), (*table.col_keys, TOTAL)
    reasons: dict[Key, str] = {key: PRIMARY for key in _primary(cells, k)}
    for key in forced or set():
        if key in cells:
            reasons.setdefault(key, COMPLEMENTARY)
    hidden = set(reasons)
    while True:
        open_bridges = bridges(hidden)
        if not open_bridges:
            return reasons
        for key in _cheapest_cycle(open_bridges[0], hidden, cells, rows, cols):
            hidden.add(key)
            reasons.setdefault(key, COMPLEMENTARY)


def suppress_linked(tables: Sequence[Table], k: int) -> list[dict[Key, str]]:
    """Suppress tables that share their column totals (same respondents), so hidden totals agree."""
    forced: set[Key] = set()
    while True:
        results = [suppress(t, k, forced=forced) for t in tables]
        totals = {key for r in results for key in r if key[0] == TOTAL}
        if totals <= forced:
            return results
        forced |= totals


# --------------------------------------------------------------------------- published tables


@dataclass(frozen=True)
class PublishedCell:
    """One number as a page, export or API may show it. For non-coordinators a suppressed cell has
    value None and contributors None; coordinators see the value and the flag."""

    value: Range | None
    contributors: int | None
    suppressed: bool = False
    reason: str = ""

    @property
    def display(self) -> str:
        if self.value is None:
            return "–" if not self.suppressed else "·"
        return str(self.value)


@dataclass(frozen=True)
class PublishedRow:
    key: str
    label: str
    cells: tuple[PublishedCell, ...]
    total: PublishedCell


@dataclass(frozen=True)
class PublishedTable:
    key: str
    title: str
    col_keys: tuple[str, ...]
    col_labels: tuple[str, ...]
    rows: tuple[PublishedRow, ...]
    totals: PublishedRow
    min_cell_orgs: int
    viewer_is_coordinator: bool
    illustrative: bool
    unit: str = ""

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for row in (*self.rows, self.totals) for c in (*row.cells, row.total))

    def cell(self, row: str, col: str) -> PublishedCell:
        line = self.totals if row == TOTAL else next(r for r in self.rows if r.key == row)
        if col == TOTAL:
            return line.total
        return line.cells[self.col_keys.index(col)]


def publish(
    table: Table,
    reasons: Mapping[Key, str],
    *,
    key: str,
    title: str,
    row_labels: Mapping[str, str],
    col_labels: Mapping[str, str],
    k: int,
    viewer_is_coordinator: bool,
    illustrative: bool,
    total_label: str,
    unit: str = "",
) -> PublishedTable:
    cells = table.with_totals()

    def pub(cell_key: Key) -> PublishedCell:
        cell = cells[cell_key]
        reason = reasons.get(cell_key, "")
        if reason and not viewer_is_coordinator:
            return PublishedCell(value=None, contributors=None, suppressed=True, reason=reason)
        return PublishedCell(
            value=cell.value, contributors=len(cell.contributors), suppressed=bool(reason), reason=reason
        )

    def line(row: str, label: str) -> PublishedRow:
        return PublishedRow(
            key=row, label=label, cells=tuple(pub((row, c)) for c in table.col_keys), total=pub((row, TOTAL))
        )

    return PublishedTable(
        key=key,
        title=title,
        col_keys=table.col_keys,
        col_labels=tuple(col_labels.get(c, c) for c in table.col_keys),
        rows=tuple(line(r, row_labels.get(r, r)) for r in table.row_keys),
        totals=line(TOTAL, total_label),
        min_cell_orgs=k,
        viewer_is_coordinator=viewer_is_coordinator,
        illustrative=illustrative,
        unit=unit,
    )


def recomputable(table: PublishedTable) -> list[Key]:
    """Hidden cells an outsider could recompute from what `table` shows (should always be empty)."""
    hidden: set[Key] = set()
    for line in (*table.rows, table.totals):
        for col, cell in zip((*table.col_keys, TOTAL), (*line.cells, line.total), strict=True):
            if cell.suppressed:
                hidden.add((line.key, col))
    return bridges(hidden)
