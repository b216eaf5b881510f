"""Answers: parse what a respondent typed, validate it per question type, decide what is shown.

Stored answers are plain JSON, one key per question id; an empty answer is simply absent:
  number -> 12 | 12.5          range -> {"min": 50, "max": 100} (a single number n is {"min": n, "max": n})
  single_choice -> "code"      multiple_choice -> ["code", ...] in option order
  text -> "..."                matrix -> {row: {column: cell value}}, cells typed like the column
Error keys are "question", or "question.row.column" for a matrix cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

from kartlagg.surveys.instrument.schema import Column, Condition, Instrument, Option, Question

_RANGE = re.compile(r"^\s*(-?[\d\s.,]+?)\s*(?:[-–—]|\.\.|to|till)\s*(-?[\d\s.,]+)\s*$", re.IGNORECASE)


class AnswerError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass
class Validation:
    """The outcome of checking answers: what is clean, and an error message per bad field."""

    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


# --------------------------------------------------------------------------- scalar parsing


def parse_number(raw: Any, *, integer: bool = True) -> int | float:
    """'1 200', '12,5', 7 or 7.0 -> a number; raises ValueError for anything else (incl. booleans)."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError(raw)
        return int(raw) if raw.is_integer() else raw
    if not isinstance(raw, str):
        raise ValueError(raw)
    text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(raw)
    number = float(text)
    if number.is_integer():
        return int(number)
    if integer:
        raise ValueError(raw)
    return number


def parse_range(raw: Any) -> tuple[int | float, int | float]:
    """A number or a range as typed: 7, '7', '50-100', '50–100', '50 till 100', {'min':50,'max':100},
    [50,100].

    >>> parse_range("50–100")
    (50, 100)
    >>> parse_range(" 12 ")
    (12, 12)
    """
    if isinstance(raw, Mapping):
        if set(raw) != {"min", "max"}:
            raise ValueError(raw)
        low, high = parse_number(raw["min"]), parse_number(raw["max"])
    elif isinstance(raw, list | tuple):
        if len(raw) != 2:
            raise ValueError(raw)
        low, high = parse_number(raw[0]), parse_number(raw[1])
    elif isinstance(raw, str) and _RANGE.match(raw):
        m = _RANGE.match(raw)
        assert m is not None
        low, high = parse_number(m.group(1)), parse_number(m.group(2))
    else:
        low = high = parse_number(raw)
    if low > high:
        raise ValueError(raw)
    return low, high


# --------------------------------------------------------------------------- cleaning one answer


def _bounds_message(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return _("Enter a value between %(min)s and %(max)s.") % {"min": _fmt(low), "max": _fmt(high)}
    if low is not None:
        return _("Enter a value of at least %(min)s.") % {"min": _fmt(low)}
    return _("Enter a value of at most %(max)s.") % {"max": _fmt(high)}


def _fmt(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def _check_bounds(path: str, value: float, low: float | None, high: float | None) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        raise AnswerError(path, _bounds_message(low, high))


def _clean_choice(path: str, raw: Any, options: tuple[Option, ...]) -> str:
    codes = {o.code for o in options}
    if not isinstance(raw, str) or raw not in codes:
        raise AnswerError(path, _("Choose one of the listed options."))
    return raw


def _clean_cell(path: str, column: Column, raw: Any) -> Any:
    if is_empty(raw):
        return None
    if column.type == "number":
        try:
            value = parse_number(raw)
        except ValueError:
            raise AnswerError(path, _("Enter a whole number.")) from None
        _check_bounds(path, value, column.min, column.max)
        return value
    if column.type == "range":
        return _clean_range(path, raw, column.min, column.max)
    if column.type == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("1", "true", "yes", "on", "ja"):
            return True
        if isinstance(raw, str) and raw.lower() in ("0", "false", "no", "off", "nej"):
            return False
        raise AnswerError(path, _("Answer yes or no."))
    if column.type == "single_choice":
        return _clean_choice(path, raw, column.options)
    return _clean_text(path, raw, None)


def _clean_range(path: str, raw: Any, low: float | None, high: float | None) -> dict[str, int | float] | None:
    try:
        a, b = parse_range(raw)
    except ValueError:
        raise AnswerError(path, _("Enter a number, or a range such as 50–100 (lowest first).")) from None
    _check_bounds(path, a, low, high)
    _check_bounds(path, b, low, high)
    return {"min": a, "max": b}


def _clean_text(path: str, raw: Any, max_length: int | None) -> str | None:
    if not isinstance(raw, str):
        raise AnswerError(path, _("Enter text."))
    text = raw.strip()
    if max_length is not None and len(text) > max_length:
        raise AnswerError(path, _("Keep it to %(count)s characters or fewer.") % {"count": max_length})
    return text or None


def clean_answer(question: Question, raw: Any) -> Any:
    """The stored form of one answer, or None for an empty one; AnswerError names the field."""
    path = question.id
    if is_empty(raw):
        return None
    if question.type == "number":
        try:
            value = parse_number(raw, integer=question.integer)
        except ValueError:
            message = _("Enter a whole number.") if question.integer else _("Enter a number.")
            raise AnswerError(path, message) from None
        _check_bounds(path, value, question.min, question.max)
        return value
    if question.type == "range":
        return _clean_range(path, raw, question.min, question.max)
    if question.type == "single_choice":
        return _clean_choice(path, raw, question.options)
    if question.type == "multiple_choice":
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
            raise AnswerError(path, _("Choose among the listed options."))
        codes = [o.code for o in question.options]
        unknown = [c for c in chosen if c not in codes]
        if unknown:
            raise AnswerError(path, _("Choose among the listed options."))
        if question.max_choices is not None and len(set(chosen)) > question.max_choices:
            raise AnswerError(path, _("Choose at most %(count)s options.") % {"count": question.max_choices})
        ordered = [c for c in codes if c in set(chosen)]
        return ordered or None
    if question.type == "matrix":
        if not isinstance(raw, Mapping):
            raise AnswerError(path, _("Fill in the table."))
        rows = {r.code for r in question.rows}
        columns = {c.id: c for c in question.columns}
        out: dict[str, dict[str, Any]] = {}
        errors: list[AnswerError] = []
        for row_id, cells in raw.items():
            if row_id not in rows or not isinstance(cells, Mapping):
                raise AnswerError(f"{path}.{row_id}", _("This row is not part of the question."))
            for col_id, cell in cells.items():
                column = columns.get(col_id)
                if column is None:
                    raise AnswerError(
                        f"{path}.{row_id}.{col_id}", _("This column is not part of the question.")
                    )
                try:
                    value = _clean_cell(f"{path}.{row_id}.{col_id}", column, cell)
                except AnswerError as exc:
                    errors.append(exc)
                    continue
                if value is not None:
                    out.setdefault(row_id, {})[col_id] = value
        if errors:
            raise MatrixErrors(errors)
        # Keep the instrument's row order so stored answers read the same for every respondent.
        order = [r.code for r in question.rows]
        return {r: out[r] for r in order if r in out} or None
    return _clean_text(path, raw, question.max_length)


class MatrixErrors(AnswerError):
    """Several bad cells in one matrix; each keeps its own path."""

    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__(errors[0].path, errors[0].message)
        self.errors = errors


def _record(errors: dict[str, str], exc: AnswerError) -> None:
    for err in exc.errors if isinstance(exc, MatrixErrors) else [exc]:
        errors[err.path] = err.message


# --------------------------------------------------------------------------- conditions


def condition_met(condition: Condition, answers: Mapping[str, Any]) -> bool:
    value = answers.get(condition.question)
    if condition.op == "answered":
        return not is_empty(value) if condition.value in (None, True) else is_empty(value)
    chosen = value if isinstance(value, list) else [value]
    if condition.op == "equals":
        return bool(value == condition.value or (isinstance(value, list) and condition.value in value))
    if condition.op == "in":
        return any(c in condition.value for c in chosen if c is not None)
    # not_in: an unanswered question is "not in" anything.
    return not any(c in condition.value for c in chosen if c is not None)


def visible_questions(instrument: Instrument, answers: Mapping[str, Any]) -> list[Question]:
    """The questions shown for these answers; a question whose condition's question is hidden is hidden."""
    shown: dict[str, Question] = {}
    for q in instrument.questions:
        cond = q.show_if
        if cond is None or (cond.question in shown and condition_met(cond, answers)):
            shown[q.id] = q
    return list(shown.values())


# --------------------------------------------------------------------------- whole-response checks


def validate_partial(instrument: Instrument, raw: Mapping[str, Any]) -> Validation:
    """Clean the answers a draft save sends; each given key is replaced (None clears it).
    No required checks."""
    result = Validation()
    by_id = {q.id: q for q in instrument.questions}
    for qid, value in raw.items():
        question = by_id.get(qid)
        if question is None:
            result.errors[str(qid)] = _("There is no such question in this questionnaire.")
            continue
        try:
            result.cleaned[qid] = clean_answer(question, value)
        except AnswerError as exc:
            _record(result.errors, exc)
    return result


def validate_complete(instrument: Instrument, answers: Mapping[str, Any]) -> Validation:
    """Check a whole response for submission: every shown required question answered, every answer valid.

    Answers to questions hidden by a condition are dropped from `cleaned`, so an answer given before the
    respondent changed their mind never reaches the totals.
    """
    result = Validation()
    by_id = {q.id: q for q in instrument.questions}
    for qid in answers:
        if qid not in by_id:
            result.errors[str(qid)] = _("There is no such question in this questionnaire.")
    staged: dict[str, Any] = {}
    for q in instrument.questions:
        try:
            value = clean_answer(q, answers.get(q.id))
        except AnswerError as exc:
            _record(result.errors, exc)
            continue
        if value is not None:
            staged[q.id] = value
    shown = {q.id for q in visible_questions(instrument, staged)}
    for q in instrument.questions:
        if q.id not in shown:
            result.errors = {k: v for k, v in result.errors.items() if k.split(".")[0] != q.id}
            continue
        if q.id in staged:
            result.cleaned[q.id] = staged[q.id]
        elif q.required and not any(k.split(".")[0] == q.id for k in result.errors):
            result.errors[q.id] = _("This question needs an answer.")
    return result


# --------------------------------------------------------------------------- HTML form fields


class MultiValue(Protocol):
    def getlist(self, key: str) -> list[Any]: ...
    def get(self, key: str, default: Any = ...) -> Any: ...
    def __contains__(self, key: object) -> bool: ...


def field_name(question_id: str, row: str = "", column: str = "") -> str:
    """The HTML input name of a question or matrix cell: q__id or q__id__row__column."""
    return "__".join(["q", question_id, *([row, column] if row else [])])


def answers_from_form(
    instrument: Instrument, data: MultiValue, *, only: set[str] | None = None
) -> dict[str, Any]:
    """Raw answers from a posted form. `only` limits to some questions (autosave sends one at a time);
    a question in scope with no field posted (e.g. no checkbox ticked) counts as cleared."""
    out: dict[str, Any] = {}
    for q in instrument.questions:
        if only is not None and q.id not in only:
            continue
        if q.type == "multiple_choice":
            out[q.id] = [v for v in data.getlist(field_name(q.id)) if v]
        elif q.type == "matrix":
            table: dict[str, dict[str, Any]] = {}
            for row in q.rows:
                for col in q.columns:
                    name = field_name(q.id, row.code, col.id)
                    if col.type == "boolean":
                        value: Any = name in data and data.get(name) not in ("", "0", "false")
                        if not value:
                            continue
                    else:
                        value = data.get(name, "")
                    if not is_empty(value):
                        table.setdefault(row.code, {})[col.id] = value
            out[q.id] = table
        else:
            out[q.id] = data.get(field_name(q.id), "")
    return out


def format_range(value: Any) -> str:
    """{'min': 50, 'max': 100} -> '50–100'; {'min': 7, 'max': 7} -> '7' (for showing an answer back)."""
    if isinstance(value, Mapping) and "min" in value:
        low, high = _fmt(value["min"]), _fmt(value["max"])
        return low if low == high else f"{low}–{high}"
    return "" if value is None else str(value)
