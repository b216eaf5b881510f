"""Disclosure control. Property tests: whatever the table, no published number lets anyone recompute
a suppressed cell from row and column totals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.surveys.aggregate import TOTAL, Cell, Range, Table
from kartlagg.surveys.disclosure import (
    COMPLEMENTARY,
    PRIMARY,
    bridges,
    publish,
    suppress,
    suppress_linked,
)


def _table(values: dict[tuple[str, str], tuple[int, int, int]], rows: int, cols: int) -> Table:
    """values: (row, col) -> (lo, hi, number of contributing organisations)."""
    cells = {}
    org = 0
    for key, (lo, hi, n) in values.items():
        who = frozenset(range(org, org + n))
        org += n
        cells[key] = Cell(Range(lo, hi), who)
    return Table(
        row_keys=tuple(f"r{i}" for i in range(rows)),
        col_keys=tuple(f"c{j}" for j in range(cols)),
        cells=cells,
    )


@st.composite
def tables(draw: st.DrawFn) -> Table:
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(1, 5))
    values = {}
    for i in range(rows):
        for j in range(cols):
            n = draw(st.integers(0, 5))
            if n:
                lo = draw(st.integers(1, 60))
                values[(f"r{i}", f"c{j}")] = (lo, lo + draw(st.integers(0, 40)), n)
    return _table(values, rows, cols)


def _published(table: Table, k: int, coordinator: bool = False):
    return publish(
        table, suppress(table, k), key="t", title="t", row_labels={}, col_labels={}, k=k,
        viewer_is_coordinator=coordinator, illustrative=False, total_label="Total",
    )  # fmt: skip


def _alternative(table: Table, hidden: set[tuple[str, str]], target: tuple[str, str]) -> dict | None:
    """A different table agreeing with every shown number and every row/column equation, in which the
    target cell differs: proof that the target cannot be recomputed. Built by walking a cycle of hidden
    cells through the target and adding +t/-t alternately (t = 1/2, so non-negativity holds for
    cells >= 1)."""
    adj: dict = {}
    for r, c in hidden:
        adj.setdefault(("r", r), []).append((("c", c), (r, c)))
        adj.setdefault(("c", c), []).append((("r", r), (r, c)))
    start, goal = ("c", target[1]), ("r", target[0])
    prev: dict = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt, edge in adj.get(node, []):
            if edge != target and nxt not in prev:
                prev[nxt] = (node, edge)
                queue.append(nxt)
    if goal not in prev:
        return None
    path = [target]
    node = goal
    while prev[node] is not None:
        node, edge = prev[node]
        path.append(edge)
    values = {key: cell.value.lo for key, cell in table.with_totals().items()}
    alt = dict(values)
    for i, key in enumerate(path):
        # Margin cells carry a minus sign in the node equations; flip them so every equation still holds.
        sign = (1 if i % 2 == 0 else -1) * (-1 if key[0] == TOTAL else 1) * (-1 if key[1] == TOTAL else 1)
        alt[key] = values[key] + sign * 0.5
    return alt


def _consistent(table: Table, values: dict) -> bool:
    rows, cols = (*table.row_keys,), (*table.col_keys,)
    rows_hold = all(
        abs(sum(values[(r, c)] for c in cols) - values[(r, TOTAL)]) < 1e-9 for r in (*rows, TOTAL)
    )
    cols_hold = all(
        abs(sum(values[(r, c)] for r in rows) - values[(TOTAL, c)]) < 1e-9 for c in (*cols, TOTAL)
    )
    return rows_hold and cols_hold


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(2, 4))
def test_every_small_cell_is_hidden_and_none_can_be_recomputed(table: Table, k: int) -> None:
    reasons = suppress(table, k)
    cells = table.with_totals()
    for key, cell in cells.items():
        if 0 < len(cell.contributors) < k:
            assert reasons.get(key) == PRIMARY
    hidden = set(reasons)
    assert bridges(hidden) == []
    for target in hidden:
        alt = _alternative(table, hidden, target)
        assert alt is not None, f"{target} lies on no cycle"
        shown = {key: cell.value.lo for key, cell in cells.items() if key not in hidden}
        assert all(alt[key] == value for key, value in shown.items())
        assert _consistent(table, alt)
        assert alt[target] != cells[target].value.lo


@settings(max_examples=200, deadline=None)
@given(tables(), st.integers(2, 4))
def test_published_table_shows_nothing_suppressed_to_non_coordinators(table: Table, k: int) -> None:
    public = _published(table, k)
    coordinator = _published(table, k, coordinator=True)
    for pub_row, coord_row in zip(
        (*public.rows, public.totals), (*coordinator.rows, coordinator.totals), strict=True
    ):
        for pub, coord in zip(
            (*pub_row.cells, pub_row.total), (*coord_row.cells, coord_row.total), strict=True
        ):
            assert pub.suppressed == coord.suppressed
            if pub.suppressed:
                assert pub.value is None and pub.contributors is None
                assert coord.value is not None
            else:
                assert pub.value == coord.value


@settings(max_examples=100, deadline=None)
@given(tables(), tables(), st.integers(2, 4))
def test_linked_tables_hide_the_same_column_totals(a: Table, b: Table, k: int) -> None:
    b = Table(
        row_keys=b.row_keys,
        col_keys=a.col_keys,
        cells={key: v for key, v in b.cells.items() if key[1] in a.col_keys},
    )
    ra, rb = suppress_linked([a, b], k)
    totals_a = {key for key in ra if key[0] == TOTAL}
    totals_b = {key for key in rb if key[0] == TOTAL}
    assert totals_a == totals_b
    assert bridges(set(ra)) == [] and bridges(set(rb)) == []


def test_single_small_cell_pulls_in_complements_in_its_row_and_column() -> None:
    table = _table(
        {
            ("r0", "c0"): (10, 10, 1),
            ("r0", "c1"): (20, 20, 4),
            ("r1", "c0"): (30, 30, 5),
            ("r1", "c1"): (40, 40, 6),
        },
        2,
        2,
    )
    reasons = suppress(table, 3)
    assert reasons[("r0", "c0")] == PRIMARY
    assert reasons[("r0", "c1")] == COMPLEMENTARY
    assert reasons[("r1", "c0")] == COMPLEMENTARY
    assert reasons[("r1", "c1")] == COMPLEMENTARY
    assert (TOTAL, TOTAL) not in reasons


def test_zero_contributor_cells_are_shown_as_known_zeros() -> None:
    table = _table({("r0", "c0"): (5, 5, 3)}, 2, 2)
    assert suppress(table, 3) == {}
    public = _published(table, 3)
    assert public.cell("r1", "c1").value == Range(0, 0)


def test_ranges_add_as_min_and_max() -> None:
    assert Range(50, 100) + Range(7, 7) == Range(57, 107)
    assert str(Range(50, 100)) == "50–100"
    assert str(Range(7, 7)) == "7"
