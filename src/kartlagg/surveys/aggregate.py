"""Adding up survey responses honestly: ranges stay ranges, and every cell knows who is behind it.

Plain Python over plain records (no models, no views): selectors turn submitted responses into
`ResponseRecord`s and hand them here; disclosure control (disclosure.py) decides what may be shown.

A "50–100" answer is Range(50, 100); a plain 7 is Range(7, 7); a total is the sum of lows and the sum
of highs, so a total of several ranges is itself a range [min, max].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from kartlagg.surveys.instrument import Instrument, Question

TOTAL = "__total__"


@dataclass(frozen=True, order=True)
class Range:
    lo: float
    hi: float

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"range low {self.lo} above high {self.hi}")

    def __add__(self, other: Range) -> Range:
        return Range(self.lo + other.lo, self.hi + other.hi)

    def scale(self, factor: float) -> Range:
        return Range(self.lo * factor, self.hi * factor)

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    @classmethod
    def from_answer(cls, value: Any) -> Range:
        if isinstance(value, Mapping):
            return cls(value["min"], value["max"])
        return cls(value, value)

    def __str__(self) -> str:
        low, high = _num(self.lo), _num(self.hi)
        return low if self.is_point else f"{low}–{high}"


ZERO = Range(0, 0)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


@dataclass(frozen=True)
class ResponseRecord:
    """One submitted response as aggregation sees it."""

    organisation_id: int
    organisation_name: str
    sector: str
    org_type: str
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class Cell:
    value: Range = ZERO
    contributors: frozenset[int] = frozenset()

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.value + other.value, self.contributors | other.contributors)


@dataclass(frozen=True)
class Table:
    """Rows x columns of cells, before disclosure control; totals are derived, never stored."""

    row_keys: tuple[str, ...]
    col_keys: tuple[str, ...]
    cells: Mapping[tuple[str, str], Cell]

    def cell(self, row: str, col: str) -> Cell:
        if row == TOTAL and col == TOTAL:
            return sum((self.cell(r, c) for r in self.row_keys for c in self.col_keys), Cell())
        if row == TOTAL:
            return sum((self.cell(r, col) for r in self.row_keys), Cell())
        if col == TOTAL:
            return sum((self.cell(row, c) for c in self.col_keys), Cell())
        return self.cells.get((row, col), Cell())

    def with_totals(self) -> dict[tuple[str, str], Cell]:
        rows, cols = (*self.row_keys, TOTAL), (*self.col_keys, TOTAL)
        return {(r, c): self.cell(r, c) for r in rows for c in cols}


def _matrix_table(
    records: Iterable[ResponseRecord], question: Question | None, column: str, sectors: Sequence[str]
) -> Table:
    rows = tuple(r.code for r in question.rows) if question else ()
    cells: dict[tuple[str, str], Cell] = {}
    if question is not None:
        for rec in records:
            table = rec.answers.get(question.id) or {}
            for row, values in table.items():
                raw = values.get(column)
                if raw is None or row not in rows:
                    continue
                value = Range.from_answer(raw)
                # An organisation that answers 0 adds nothing and reveals nothing: it is no contributor.
                who = frozenset({rec.organisation_id}) if value.hi > 0 else frozenset()
                key = (row, rec.sector)
                cells[key] = cells.get(key, Cell()) + Cell(value, who)
    return Table(row_keys=rows, col_keys=tuple(sectors), cells=cells)


def demand_by_area(
    records: Iterable[ResponseRecord], instrument: Instrument, sectors: Sequence[str]
) -> Table:
    """Expected recruitment over five years: competence area x sector, ranges carried through."""
    return _matrix_table(records, instrument.question_by_role("recruitment_by_area"), "hires", sectors)


def demand_by_level(
    records: Iterable[ResponseRecord], instrument: Instrument, sectors: Sequence[str]
) -> Table:
    return _matrix_table(records, instrument.question_by_role("recruitment_by_level"), "hires", sectors)


def hard_to_find_table(
    records: Iterable[ResponseRecord], instrument: Instrument, sectors: Sequence[str]
) -> Table:
    """How many organisations name each competence as hard to find, by sector."""
    question = instrument.question_by_role("hard_to_find")
    rows = tuple(o.code for o in question.options) if question else ()
    cells: dict[tuple[str, str], Cell] = {}
    if question is not None:
        for rec in records:
            for code in rec.answers.get(question.id) or []:
                key = (code, rec.sector)
                cells[key] = cells.get(key, Cell()) + Cell(Range(1, 1), frozenset({rec.organisation_id}))
    return Table(row_keys=rows, col_keys=tuple(sectors), cells=cells)


@dataclass(frozen=True)
class RankItem:
    code: str
    count: int
    share: Fraction  # of responding organisations


def hard_to_find_ranking(records: Sequence[ResponseRecord], instrument: Instrument) -> list[RankItem]:
    """Competences ranked by how many organisations find them hard to find (ties by instrument order)."""
    question = instrument.question_by_role("hard_to_find")
    if question is None or not records:
        return []
    counts = {o.code: 0 for o in question.options}
    for rec in records:
        for code in rec.answers.get(question.id) or []:
            counts[code] = counts.get(code, 0) + 1
    order = {code: i for i, code in enumerate(counts)}
    ranked = sorted((c for c in counts.items() if c[1] > 0), key=lambda item: (-item[1], order[item[0]]))
    return [RankItem(code=code, count=n, share=Fraction(n, len(records))) for code, n in ranked]


def demand_ranking(table: Table) -> list[tuple[str, Range]]:
    """Competence areas by total expected recruitment (by the range midpoint, then the high end)."""
    totals = [(row, table.cell(row, TOTAL).value) for row in table.row_keys]
    order = {row: i for i, row in enumerate(table.row_keys)}
    return sorted(
        (t for t in totals if t[1].hi > 0), key=lambda t: (-(t[1].lo + t[1].hi), -t[1].hi, order[t[0]])
    )


@dataclass(frozen=True)
class WillingnessRow:
    sector: str
    responded: int
    willing: int  # answered yes
    maybe: int

    @property
    def share_willing(self) -> Fraction:
        return Fraction(self.willing, self.responded) if self.responded else Fraction(0)


def willingness_by_sector(
    records: Sequence[ResponseRecord], instrument: Instrument, sectors: Sequence[str]
) -> list[WillingnessRow]:
    question = instrument.question_by_role("willing")
    out = []
    for sector in sectors:
        recs = [r for r in records if r.sector == sector]
        answers = [r.answers.get(question.id) if question else None for r in recs]
        out.append(
            WillingnessRow(
                sector=sector,
                responded=len(recs),
                willing=sum(a == "yes" for a in answers),
                maybe=sum(a == "maybe" for a in answers),
            )
        )
    return out


def contribution_tables(
    records: Iterable[ResponseRecord], instrument: Instrument, sectors: Sequence[str]
) -> tuple[Table, Table]:
    """(organisations offering each kind of contribution, their summed yearly capacity), type x sector."""
    question = instrument.question_by_role("contribution")
    rows = tuple(r.code for r in question.rows) if question else ()
    offering: dict[tuple[str, str], Cell] = {}
    capacity: dict[tuple[str, str], Cell] = {}
    if question is not None:
        for rec in records:
            for row, values in (rec.answers.get(question.id) or {}).items():
                key = (row, rec.sector)
                who = frozenset({rec.organisation_id})
                if values.get("offered"):
                    offering[key] = offering.get(key, Cell()) + Cell(Range(1, 1), who)
                cap = values.get("capacity")
                if cap:
                    capacity[key] = capacity.get(key, Cell()) + Cell(Range(cap, cap), who)
    return (
        Table(row_keys=rows, col_keys=tuple(sectors), cells=offering),
        Table(row_keys=rows, col_keys=tuple(sectors), cells=capacity),
    )


@dataclass(frozen=True)
class RateRow:
    key: str
    invited: int
    submitted: int
    drafts: int

    @property
    def rate(self) -> Fraction:
        return Fraction(self.submitted, self.invited) if self.invited else Fraction(0)


def response_rates(statuses: Iterable[tuple[str, str]], sectors: Sequence[str]) -> list[RateRow]:
    """(sector, progress) pairs for every invited organisation -> a rate per sector plus a total row."""
    pairs = list(statuses)
    rows = []
    for key in (*sectors, TOTAL):
        mine = [p for s, p in pairs if key == TOTAL or s == key]
        rows.append(
            RateRow(key=key, invited=len(mine), submitted=mine.count("submitted"), drafts=mine.count("draft"))
        )
    return rows


@dataclass(frozen=True)
class CorrectedEstimate:
    """A total scaled up for organisations that did not answer. Never mixed into the observed totals:
    it assumes non-respondents plan like respondents of the same sector, which nobody knows."""

    sector: str
    observed: Range
    invited: int
    responded: int
    estimate: Range
    label: str = field(
        default="estimate, corrected for non-response (assumes non-respondents resemble respondents)"
    )


def nonresponse_corrected(
    observed_by_sector: Mapping[str, Range], rates: Sequence[RateRow]
) -> list[CorrectedEstimate]:
    out = []
    for row in rates:
        if row.key == TOTAL or row.key not in observed_by_sector or not row.submitted:
            continue
        observed = observed_by_sector[row.key]
        out.append(
            CorrectedEstimate(
                sector=row.key,
                observed=observed,
                invited=row.invited,
                responded=row.submitted,
                estimate=observed.scale(row.invited / row.submitted),
            )
        )
    return out
