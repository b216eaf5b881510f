"""Turning one row of a foreign response export into neutral answers, checking every value.

Readers translate their column names into (question code, part) keys; this module knows what each
part means for each question kind and refuses values that do not fit (unknown choice, not a number,
range upside down), naming the row and the column. Part strings:
  ""                      number, single, text
  "min" / "max"           range
  choice code             multiple (ticked or not)
  "row/col"               matrix cell (number, yes/no, text or choice, as its column says)
  "row/col/min|max"       matrix cell of a range column
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kartlagg.surveys.interop.exceptions import Problem
from kartlagg.surveys.interop.form import AnswerValue, CellValue, Column, Form, NumberRange, Option, Question

TICKED = {"y", "1", "yes", "ja", "true"}
UNTICKED = {"", "n", "0", "no", "nej", "false"}


@dataclass
class ResponseMapping:
    """How a response export's columns land on a form: column -> (question, part), and per single-choice
    question ("q") or single-choice matrix column ("q/col") the file's codes -> the form's codes."""

    form: Form
    columns: dict[str, tuple[str, str]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def cell(self, column: str, question: str, part: str, value: str) -> Cell:
        key = question if "/" not in part else f"{question}/{part.split('/')[1]}"
        table = self.values.get(key)
        if table:
            value = table.get(value.strip(), value)
        return Cell(column, question, part, value)


@dataclass(frozen=True)
class Cell:
    """One value of one row of an export: which column it came from and what it means."""

    column: str
    question: str
    part: str
    value: str


def expected_parts(question: Question) -> list[str]:
    """Every part a complete export carries for this question (used by writers and to check headers)."""
    if question.kind in ("number", "single", "text"):
        return [""]
    if question.kind == "range":
        return ["min", "max"]
    if question.kind == "multiple":
        return question.choice_codes()
    if question.kind == "matrix":
        parts = []
        for row in question.rows:
            for col in question.columns:
                if col.cell == "range":
                    parts += [f"{row.code}/{col.code}/min", f"{row.code}/{col.code}/max"]
                else:
                    parts.append(f"{row.code}/{col.code}")
        return parts
    return []


def _number(
    cell: Cell, question: Question | Column, problems: list[Problem], file: str, row: int
) -> Decimal | None:
    text = cell.value.strip().replace(",", ".") if cell.value.strip().count(",") == 1 else cell.value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.append(Problem(file, row, cell.column, f"{cell.value!r} is not a number"))
        return None
    if not number.is_finite():
        problems.append(Problem(file, row, cell.column, f"{cell.value!r} is not a number"))
        return None
    if question.integer and number != number.to_integral_value():
        problems.append(Problem(file, row, cell.column, f"{cell.value!r} is not a whole number"))
        return None
    if question.minimum is not None and number < question.minimum:
        problems.append(
            Problem(file, row, cell.column, f"{cell.value} is below the minimum {question.minimum}")
        )
        return None
    if question.maximum is not None and number > question.maximum:
        problems.append(
            Problem(file, row, cell.column, f"{cell.value} is above the maximum {question.maximum}")
        )
        return None
    return number


def _choice(value: str, options: list[Option]) -> str:
    """The choice code for a value: the code itself, or a choice's label in any language (exports
    "with labels" / "full answers" write the label); unknown values come back as they are."""
    text = value.strip()
    if any(o.code == text for o in options):
        return text
    matches = {
        o.code for o in options for label in o.label.values() if label.strip().casefold() == text.casefold()
    }
    return matches.pop() if len(matches) == 1 else text


def _range(
    lo: Decimal | None, hi: Decimal | None, column: str, problems: list[Problem], file: str, row: int
) -> NumberRange | None:
    if lo is None and hi is None:
        return None
    # One box filled is a plain number, carried as the range n-n.
    low = lo if lo is not None else hi
    high = hi if hi is not None else lo
    assert low is not None and high is not None
    if low > high:
        problems.append(Problem(file, row, column, f"range {low}-{high} has its minimum above its maximum"))
        return None
    return (low, high)


def assemble(
    form: Form,
    cells: list[Cell],
    *,
    file: str,
    row: int,
    problems: list[Problem],
    sources: dict[str, str] | None = None,
) -> dict[str, AnswerValue]:
    """Answers keyed by question code; faults are appended to `problems` (nothing raised here).

    `sources` receives, per answer path ("question" or "question.row.column"), the column it came from.
    """
    by_question: dict[str, list[Cell]] = {}
    for cell in cells:
        by_question.setdefault(cell.question, []).append(cell)
        if sources is not None:
            sources.setdefault(cell.question, cell.column)
            if cell.part.count("/") >= 1:
                row_code, col_code = cell.part.split("/")[:2]
                sources.setdefault(f"{cell.question}.{row_code}.{col_code}", cell.column)
    answers: dict[str, AnswerValue] = {}
    for question in form.questions:
        mine = [c for c in by_question.get(question.code, []) if c.value.strip() != ""]
        if question.kind == "multiple":
            mine = by_question.get(question.code, [])
        if not mine:
            continue
        value = _assemble_one(question, mine, file=file, row=row, problems=problems)
        if value is not None:
            answers[question.code] = value
    return answers


def _assemble_one(
    question: Question, cells: list[Cell], *, file: str, row: int, problems: list[Problem]
) -> AnswerValue | None:
    kind = question.kind
    if kind == "text":
        return cells[0].value
    if kind == "number":
        return _number(cells[0], question, problems, file, row)
    if kind == "single":
        cell = cells[0]
        code = _choice(cell.value, question.choices)
        if code not in question.choice_codes():
            problems.append(
                Problem(
                    file, row, cell.column, f"{code!r} is not one of the choices {question.choice_codes()}"
                )
            )
            return None
        return code
    if kind == "range":
        parts = {c.part: _number(c, question, problems, file, row) for c in cells}
        return _range(parts.get("min"), parts.get("max"), cells[0].column, problems, file, row)
    if kind == "multiple":
        ticked: list[str] = []
        for cell in cells:
            flag = cell.value.strip().lower()
            if flag in TICKED:
                ticked.append(cell.part)
            elif flag not in UNTICKED:
                problems.append(
                    Problem(file, row, cell.column, f"{cell.value!r} is neither ticked nor unticked")
                )
        order = question.choice_codes()
        return sorted(ticked, key=order.index) if ticked else None
    if kind == "matrix":
        return _assemble_matrix(question, cells, file=file, row=row, problems=problems)
    problems.append(
        Problem(file, row, cells[0].column, f"question {question.code!r} cannot take answers here")
    )
    return None


def _assemble_matrix(
    question: Question, cells: list[Cell], *, file: str, row: int, problems: list[Problem]
) -> AnswerValue | None:
    columns = {c.code: c for c in question.columns}
    rows = {r.code for r in question.rows}
    grid: dict[str, dict[str, CellValue]] = {}
    bounds: dict[tuple[str, str], dict[str, tuple[Decimal | None, str]]] = {}
    for cell in cells:
        pieces = cell.part.split("/")
        column = columns.get(pieces[1]) if len(pieces) > 1 else None
        if column is None or pieces[0] not in rows:
            problems.append(Problem(file, row, cell.column, f"not a cell of matrix {question.code!r}"))
            continue
        text = cell.value.strip()
        if column.cell == "range":
            bounds.setdefault((pieces[0], column.code), {})[pieces[2]] = (
                _number(cell, column, problems, file, row),
                cell.column,
            )
            continue
        value: CellValue | None = None
        if column.cell == "number":
            value = _number(cell, column, problems, file, row)
        elif column.cell == "boolean":
            if text.lower() in TICKED:
                value = True
            elif text.lower() in UNTICKED - {""}:
                value = False
            elif text:
                problems.append(Problem(file, row, cell.column, f"{cell.value!r} is neither yes nor no"))
        elif column.cell == "single":
            text = _choice(text, column.choices)
            if text not in column.choice_codes():
                problems.append(
                    Problem(
                        file, row, cell.column, f"{text!r} is not one of the choices {column.choice_codes()}"
                    )
                )
            else:
                value = text
        else:
            value = cell.value
        if value is not None:
            grid.setdefault(pieces[0], {})[column.code] = value
    for (row_code, col_code), found in bounds.items():
        lo, column_lo = found.get("min", (None, ""))
        hi, column_hi = found.get("max", (None, ""))
        pair = _range(lo, hi, column_lo or column_hi, problems, file, row)
        if pair is not None:
            grid.setdefault(row_code, {})[col_code] = pair
    return {r.code: grid[r.code] for r in question.rows if r.code in grid} or None
