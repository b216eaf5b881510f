"""The shape of a questionnaire, as plain immutable data.

An instrument is a tree of frozen dataclasses built from a plain dict (YAML or JSON) by
`instrument_from_dict` and turned back by `instrument_to_dict`; the two round-trip exactly, so exporters
(LimeSurvey, REDCap, XLSForm) can walk either the dataclasses or the dict. Nothing here imports Django.

Question types
  number           one number (int or decimal), optional min/max
  range            a number or a range "50–100", stored as {"min": 50, "max": 100}
  single_choice    one option code
  multiple_choice  a list of option codes, optional max_choices
  matrix           rows x columns; each column has its own cell type (number, range, boolean, text,
                   single_choice); the answer is {row_id: {column_id: value}}
  text             free text, optional max_length
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("sv", "en")
QUESTION_TYPES = ("number", "range", "single_choice", "multiple_choice", "matrix", "text")
CELL_TYPES = ("number", "range", "boolean", "text", "single_choice")
CONDITION_OPS = ("equals", "in", "not_in", "answered")
_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


class InstrumentError(ValueError):
    """A malformed instrument definition; the message names the place (file and path)."""


@dataclass(frozen=True)
class Text:
    """A bilingual string: Swedish and English are both required."""

    sv: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv

    def to_dict(self) -> dict[str, str]:
        return {"sv": self.sv, "en": self.en}


@dataclass(frozen=True)
class Option:
    code: str
    label: Text


@dataclass(frozen=True)
class Column:
    """A matrix column: its cell type decides how every cell in the column is validated."""

    id: str
    label: Text
    type: str
    min: float | None = None
    max: float | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Condition:
    """Show a question only when another question's answer matches.

    equals: answer == value; in / not_in: answer (or, for multiple choice, any chosen code) in value;
    answered: the other question has any non-empty answer.
    """

    question: str
    op: str
    value: Any = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Text
    help: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    rows: tuple[Option, ...] = ()
    columns: tuple[Column, ...] = ()
    min: float | None = None
    max: float | None = None
    integer: bool = True
    max_choices: int | None = None
    max_length: int | None = None
    unit: Text | None = None
    show_if: Condition | None = None
    # What the aggregation should read this question as (e.g. "recruitment_by_area"); plain metadata.
    role: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: Text
    description: Text
    sections: tuple[Section, ...]
    illustrative_note: Text | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def question_by_role(self, role: str) -> Question | None:
        return next((q for q in self.questions if q.role == role), None)


# --------------------------------------------------------------------------- reading a dict


def _text(raw: Any, where: str, *, optional: bool = False) -> Text | None:
    if raw is None and optional:
        return None
    if isinstance(raw, str):
        raise InstrumentError(f"{where}: needs both languages, e.g. {{sv: ..., en: ...}}, got a plain string")
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected {{sv: ..., en: ...}}, got {type(raw).__name__}")
    missing = [lang for lang in LANGUAGES if not str(raw.get(lang) or "").strip()]
    if missing:
        raise InstrumentError(f"{where}: missing text in {', '.join(missing)}")
    extra = sorted(set(raw) - set(LANGUAGES))
    if extra:
        raise InstrumentError(f"{where}: unknown language(s) {', '.join(extra)}")
    return Text(sv=str(raw["sv"]).strip(), en=str(raw["en"]).strip())


def _req_text(raw: Any, where: str) -> Text:
    text = _text(raw, where)
    assert text is not None
    return text


def _id(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not _ID.match(raw):
        raise InstrumentError(f"{where}: id {raw!r} must be lower-case letters, digits, '-' or '_'")
    return raw


def _keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InstrumentError(f"{where}: unknown field(s) {', '.join(unknown)}")


def _number(raw: Any, where: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InstrumentError(f"{where}: expected a number, got {raw!r}")
    return raw


def _options(raw: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise InstrumentError(f"{where}: expected a non-empty list")
    out: list[Option] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        place = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise InstrumentError(f"{place}: expected {{code: ..., label: {{sv, en}}}}")
        _keys(item, {"code", "label"}, place)
        code = _id(item.get("code"), f"{place}.code")
        if code in seen:
            raise InstrumentError(f"{place}.code: duplicate code {code!r}")
        seen.add(code)
        out.append(Option(code=code, label=_req_text(item.get("label"), f"{place}.label")))
    return tuple(out)


def _column(raw: Any, where: str) -> Column:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected a mapping")
    _keys(raw, {"id", "label", "type", "min", "max", "options"}, where)
    ctype = raw.get("type")
    if ctype not in CELL_TYPES:
        raise InstrumentError(f"{where}.type: {ctype!r} is not one of {', '.join(CELL_TYPES)}")
    options = _options(raw.get("options"), f"{where}.options") if ctype == "single_choice" else ()
    return Column(
        id=_id(raw.get("id"), f"{where}.id"),
        label=_req_text(raw.get("label"), f"{where}.label"),
        type=ctype,
        min=_number(raw.get("min"), f"{where}.min"),
        max=_number(raw.get("max"), f"{where}.max"),
        options=options,
    )


def _condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected {{question: ..., equals|in|not_in|answered: ...}}")
    _keys(raw, {"question", *CONDITION_OPS}, where)
    ops = [op for op in CONDITION_OPS if op in raw]
    if len(ops) != 1:
        raise InstrumentError(f"{where}: give exactly one of {', '.join(CONDITION_OPS)}")
    op = ops[0]
    value = raw[op]
    if op in ("in", "not_in") and not isinstance(value, list):
        raise InstrumentError(f"{where}.{op}: expected a list")
    return Condition(question=_id(raw.get("question"), f"{where}.question"), op=op, value=value)


_QUESTION_FIELDS = {
    "id", "type", "label", "help", "required", "options", "rows", "columns", "min", "max", "integer",
    "max_choices", "max_length", "unit", "show_if", "role",
}  # fmt: skip


def _question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected a mapping")
    _keys(raw, _QUESTION_FIELDS, where)
    qid = _id(raw.get("id"), f"{where}.id")
    where = f"{where} ({qid})"
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise InstrumentError(f"{where}.type: {qtype!r} is not one of {', '.join(QUESTION_TYPES)}")
    options: tuple[Option, ...] = ()
    rows: tuple[Option, ...] = ()
    columns: tuple[Column, ...] = ()
    if qtype in ("single_choice", "multiple_choice"):
        options = _options(raw.get("options"), f"{where}.options")
    elif "options" in raw:
        raise InstrumentError(f"{where}.options: only choice questions have options")
    if qtype == "matrix":
        rows = _options(raw.get("rows"), f"{where}.rows")
        raw_cols = raw.get("columns")
        if not isinstance(raw_cols, list) or not raw_cols:
            raise InstrumentError(f"{where}.columns: expected a non-empty list")
        columns = tuple(_column(c, f"{where}.columns[{i}]") for i, c in enumerate(raw_cols))
        if len({c.id for c in columns}) != len(columns):
            raise InstrumentError(f"{where}.columns: duplicate column id")
    elif "rows" in raw or "columns" in raw:
        raise InstrumentError(f"{where}: only matrix questions have rows and columns")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise InstrumentError(f"{where}.required: expected true or false")
    low, high = _number(raw.get("min"), f"{where}.min"), _number(raw.get("max"), f"{where}.max")
    if low is not None and high is not None and low > high:
        raise InstrumentError(f"{where}: min {low} is above max {high}")
    max_choices = raw.get("max_choices")
    if max_choices is not None and (not isinstance(max_choices, int) or max_choices < 1):
        raise InstrumentError(f"{where}.max_choices: expected a positive integer")
    return Question(
        id=qid,
        type=qtype,
        label=_req_text(raw.get("label"), f"{where}.label"),
        help=_text(raw.get("help"), f"{where}.help", optional=True),
        required=required,
        options=options,
        rows=rows,
        columns=columns,
        min=low,
        max=high,
        integer=bool(raw.get("integer", True)),
        max_choices=max_choices,
        max_length=raw.get("max_length"),
        unit=_text(raw.get("unit"), f"{where}.unit", optional=True),
        show_if=_condition(raw["show_if"], f"{where}.show_if") if raw.get("show_if") is not None else None,
        role=str(raw.get("role") or ""),
    )


def instrument_from_dict(raw: Any, *, source: str = "instrument") -> Instrument:
    """Build and check an instrument; an InstrumentError names `source` and the path to the bad field."""
    if not isinstance(raw, dict):
        raise InstrumentError(f"{source}: expected a mapping at the top level")
    _keys(raw, {"id", "version", "title", "description", "sections", "illustrative_note", "meta"}, source)
    version = raw.get("version")
    if not isinstance(version, str | int) or not str(version).strip():
        raise InstrumentError(f"{source}.version: required (a string such as '2026.1')")
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise InstrumentError(f"{source}.sections: expected a non-empty list")
    sections: list[Section] = []
    for i, rs in enumerate(raw_sections):
        where = f"{source}.sections[{i}]"
        if not isinstance(rs, dict):
            raise InstrumentError(f"{where}: expected a mapping")
        _keys(rs, {"id", "title", "intro", "questions"}, where)
        rq = rs.get("questions")
        if not isinstance(rq, list) or not rq:
            raise InstrumentError(f"{where}.questions: expected a non-empty list")
        sections.append(
            Section(
                id=_id(rs.get("id"), f"{where}.id"),
                title=_req_text(rs.get("title"), f"{where}.title"),
                intro=_text(rs.get("intro"), f"{where}.intro", optional=True),
                questions=tuple(_question(q, f"{where}.questions[{j}]") for j, q in enumerate(rq)),
            )
        )
    instrument = Instrument(
        id=_id(raw.get("id"), f"{source}.id"),
        version=str(version).strip(),
        title=_req_text(raw.get("title"), f"{source}.title"),
        description=_req_text(raw.get("description"), f"{source}.description"),
        sections=tuple(sections),
        illustrative_note=_text(raw.get("illustrative_note"), f"{source}.illustrative_note", optional=True),
        meta=dict(raw.get("meta") or {}),
    )
    _check_references(instrument, source)
    return instrument


def _check_references(instrument: Instrument, source: str) -> None:
    seen: dict[str, Question] = {}
    for q in instrument.questions:
        if q.id in seen:
            raise InstrumentError(f"{source}: question id {q.id!r} is used twice")
        if q.show_if is not None:
            # A condition may only look back: respondents fill in top to bottom, and it rules out cycles.
            target = seen.get(q.show_if.question)
            if target is None:
                raise InstrumentError(
                    f"{source}: question {q.id!r} shows only if {q.show_if.question!r}, "
                    "which is not an earlier question"
                )
            if q.show_if.op != "answered" and target.options:
                codes = {o.code for o in target.options}
                values = q.show_if.value if isinstance(q.show_if.value, list) else [q.show_if.value]
                unknown = [v for v in values if v not in codes]
                if unknown:
                    raise InstrumentError(
                        f"{source}: question {q.id!r} condition names unknown option(s) {unknown} "
                        f"of {target.id!r}"
                    )
        seen[q.id] = q


# --------------------------------------------------------------------------- writing a dict


def _opt_dict(options: tuple[Option, ...]) -> list[dict[str, Any]]:
    return [{"code": o.code, "label": o.label.to_dict()} for o in options]


def question_to_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "type": q.type, "label": q.label.to_dict()}
    if q.help:
        out["help"] = q.help.to_dict()
    if q.required:
        out["required"] = True
    if q.options:
        out["options"] = _opt_dict(q.options)
    if q.rows:
        out["rows"] = _opt_dict(q.rows)
    if q.columns:
        cols = []
        for c in q.columns:
            col: dict[str, Any] = {"id": c.id, "label": c.label.to_dict(), "type": c.type}
            if c.min is not None:
                col["min"] = c.min
            if c.max is not None:
                col["max"] = c.max
            if c.options:
                col["options"] = _opt_dict(c.options)
            cols.append(col)
        out["columns"] = cols
    for name in ("min", "max", "max_choices", "max_length"):
        if getattr(q, name) is not None:
            out[name] = getattr(q, name)
    if not q.integer:
        out["integer"] = False
    if q.unit:
        out["unit"] = q.unit.to_dict()
    if q.show_if:
        out["show_if"] = {"question": q.show_if.question, q.show_if.op: q.show_if.value}
    if q.role:
        out["role"] = q.role
    return out


def instrument_to_dict(instrument: Instrument) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": instrument.id,
        "version": instrument.version,
        "title": instrument.title.to_dict(),
        "description": instrument.description.to_dict(),
    }
    if instrument.illustrative_note:
        out["illustrative_note"] = instrument.illustrative_note.to_dict()
    if instrument.meta:
        out["meta"] = dict(instrument.meta)
    out["sections"] = [
        {
            "id": s.id,
            "title": s.title.to_dict(),
            **({"intro": s.intro.to_dict()} if s.intro else {}),
            "questions": [question_to_dict(q) for q in s.questions],
        }
        for s in instrument.sections
    ]
    return out
