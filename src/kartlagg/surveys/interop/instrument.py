"""Between kartlagg's instrument (kartlagg.surveys.instrument) and the neutral interop form.

`form_from_instrument` is lossless for what the three formats can carry (questions, types, choices,
rows and columns, bounds, required flags, sv/en labels and help, conditions). `instrument_from_form`
goes the other way for files made elsewhere; what kartlagg cannot hold is left out and listed in
`form.warnings`. Answers convert between the neutral values (Decimal, tuples) and the JSON shapes the
instrument's answers module stores.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kartlagg.surveys.instrument import schema
from kartlagg.surveys.interop.codes import instrument_code
from kartlagg.surveys.interop.form import (
    All,
    Answered,
    AnswerValue,
    AnyOf,
    Column,
    Compare,
    Condition,
    Form,
    Group,
    Kind,
    Not,
    Option,
    Question,
    Selected,
    Texts,
)

LANGUAGES = ["sv", "en"]
# Free text longer than this is asked in a multi-line box.
SHORT_TEXT = 255

_KIND: dict[str, Kind] = {
    "number": "number",
    "range": "range",
    "single_choice": "single",
    "multiple_choice": "multiple",
    "matrix": "matrix",
    "text": "text",
}
_TYPE = {v: k for k, v in _KIND.items()}
_CELL = {
    "number": "number",
    "range": "range",
    "boolean": "boolean",
    "text": "text",
    "single_choice": "single",
}
_CELL_TYPE = {v: k for k, v in _CELL.items()}


def _texts(text: schema.Text | None) -> Texts:
    return text.to_dict() if text is not None else {}


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _options(options: tuple[schema.Option, ...]) -> list[Option]:
    return [Option(o.code, o.label.to_dict()) for o in options]


def condition_from_instrument(
    condition: schema.Condition | None, target: schema.Question | None
) -> Condition | None:
    if condition is None:
        return None
    ref, op, value = condition.question, condition.op, condition.value
    multiple = target is not None and target.type == "multiple_choice"
    numeric = target is not None and target.type in ("number", "range")

    def equal(v: Any) -> Condition:
        if multiple:
            return Selected(ref, str(v))
        return Compare(ref, "=", Decimal(str(v)) if numeric else str(v))

    if op == "answered":
        return Answered(ref) if value in (None, True) else Not(Answered(ref))
    if op == "equals":
        return equal(value)
    values = list(value)
    if op == "in":
        return equal(values[0]) if len(values) == 1 else AnyOf(tuple(equal(v) for v in values))
    # not_in
    if multiple:
        inner = equal(values[0]) if len(values) == 1 else AnyOf(tuple(equal(v) for v in values))
        return Not(inner)
    parts = tuple(Compare(ref, "!=", Decimal(str(v)) if numeric else str(v)) for v in values)
    return parts[0] if len(parts) == 1 else All(parts)


def form_from_instrument(instrument: schema.Instrument) -> Form:
    by_id = {q.id: q for q in instrument.questions}
    form = Form(
        code=instrument.id,
        title=instrument.title.to_dict(),
        languages=list(LANGUAGES),
        version=instrument.version,
    )
    for section in instrument.sections:
        form.groups.append(Group(section.id, section.title.to_dict(), _texts(section.intro)))
        for q in section.questions:
            question = Question(
                code=q.id,
                kind=_KIND[q.type],
                label=q.label.to_dict(),
                help=_texts(q.help),
                required=q.required,
                group=section.id,
                choices=_options(q.options),
                rows=_options(q.rows),
                columns=[
                    Column(
                        c.id,
                        c.label.to_dict(),
                        _CELL[c.type],  # type: ignore[arg-type]
                        True,  # the instrument reads number cells as whole numbers
                        _dec(c.min),
                        _dec(c.max),
                        _options(c.options),
                    )
                    for c in q.columns
                ],
                integer=q.integer if q.type == "number" else True,
                minimum=_dec(q.min),
                maximum=_dec(q.max),
                multiline=q.type == "text" and (q.max_length is None or q.max_length > SHORT_TEXT),
                condition=condition_from_instrument(
                    q.show_if, by_id.get(q.show_if.question) if q.show_if else None
                ),
            )
            form.questions.append(question)
    return form


# ---- the other way: a neutral form (from a foreign file) as an instrument ----------------------------


def _bilingual(texts: Texts, fallback: str) -> dict[str, str]:
    """Both languages, borrowing from the other (or the code) where a file has only one."""
    clean = {k: v.strip() for k, v in texts.items() if v and v.strip()}
    any_text = clean.get("en") or clean.get("sv") or next(iter(clean.values()), "") or fallback
    return {"sv": clean.get("sv") or any_text, "en": clean.get("en") or any_text}


def _code(code: str) -> str:
    return instrument_code(code)


def condition_to_instrument(
    condition: Condition | None, choice_questions: frozenset[str] = frozenset()
) -> dict[str, Any] | None:
    """The instrument's show_if for a neutral condition, or None when it has no equivalent."""
    if condition is None:
        return None
    if isinstance(condition, Answered):
        return {"question": _code(condition.ref), "answered": True}
    if isinstance(condition, Not) and isinstance(condition.operand, Answered):
        return {"question": _code(condition.operand.ref), "answered": False}
    if isinstance(condition, Compare) and condition.op in ("=", "!="):
        value: Any = condition.value
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        else:
            value = _code(value) if condition.ref in choice_questions else value  # choice codes were renamed
        return {
            "question": _code(condition.ref),
            "equals" if condition.op == "=" else "not_in": value if condition.op == "=" else [value],
        }
    if isinstance(condition, Selected):
        return {"question": _code(condition.ref), "equals": _code(condition.code)}
    if isinstance(condition, Not) and isinstance(condition.operand, Selected):
        return {"question": _code(condition.operand.ref), "not_in": [_code(condition.operand.code)]}
    if isinstance(condition, Not) and isinstance(condition.operand, AnyOf):
        inner = condition_to_instrument(condition.operand, choice_questions)
        if inner and "in" in inner:
            return {"question": inner["question"], "not_in": inner["in"]}
        return None
    if isinstance(condition, AnyOf | All):
        parts = [condition_to_instrument(op, choice_questions) for op in condition.operands]
        if not parts or any(p is None for p in parts) or len({p["question"] for p in parts if p}) != 1:
            return None
        if isinstance(condition, AnyOf) and all(p and "equals" in p for p in parts):
            return {"question": parts[0]["question"], "in": [p["equals"] for p in parts if p]}  # type: ignore[index]
        if isinstance(condition, All) and all(p and "not_in" in p for p in parts):
            return {"question": parts[0]["question"], "not_in": [v for p in parts if p for v in p["not_in"]]}  # type: ignore[index]
    return None


def instrument_dict_from_form(form: Form, *, instrument_id: str = "", version: str = "1") -> dict[str, Any]:
    """A dict for `instrument_from_dict`; questions kartlagg cannot ask are dropped with a warning."""
    sections: list[dict[str, Any]] = []
    by_group: dict[str, list[dict[str, Any]]] = {}
    choice_questions = frozenset(q.code for q in form.questions if q.kind in ("single", "multiple"))
    for q in form.questions:
        if q.kind == "unsupported" or (q.kind in ("single", "multiple") and not q.choices):
            form.warnings.append(
                f"{q.code}: {q.source_type or q.kind} has no kartlagg question type; left out"
            )
            continue
        if q.kind == "matrix" and (not q.rows or not q.columns):
            form.warnings.append(f"{q.code}: matrix without rows or columns; left out")
            continue
        out: dict[str, Any] = {
            "id": _code(q.code),
            "type": _TYPE[q.kind],
            "label": _bilingual(q.label, q.code),
        }
        if any(v.strip() for v in q.help.values()):
            out["help"] = _bilingual(q.help, q.code)
        if q.required:
            out["required"] = True
        if q.choices:
            out["options"] = [
                {"code": _code(o.code), "label": _bilingual(o.label, o.code)} for o in q.choices
            ]
        if q.kind == "matrix":
            out["rows"] = [{"code": _code(r.code), "label": _bilingual(r.label, r.code)} for r in q.rows]
            out["columns"] = []
            for c in q.columns:
                col: dict[str, Any] = {
                    "id": _code(c.code),
                    "label": _bilingual(c.label, c.code),
                    "type": _CELL_TYPE[c.cell],
                }
                if c.minimum is not None:
                    col["min"] = float(c.minimum)
                if c.maximum is not None:
                    col["max"] = float(c.maximum)
                if c.choices:
                    col["options"] = [
                        {"code": _code(o.code), "label": _bilingual(o.label, o.code)} for o in c.choices
                    ]
                out["columns"].append(col)
        if q.kind in ("number", "range"):
            if q.minimum is not None:
                out["min"] = float(q.minimum)
            if q.maximum is not None:
                out["max"] = float(q.maximum)
            if q.kind == "number" and not q.integer:
                out["integer"] = False
        show_if = condition_to_instrument(q.condition, choice_questions)
        if show_if is not None:
            out["show_if"] = show_if
        elif q.condition is not None or (q.condition_source.strip() not in ("", "1")):
            form.warnings.append(
                f"{q.code}: condition {q.condition_source!r} has no kartlagg equivalent; shown always"
            )
        by_group.setdefault(q.group, []).append(out)
    groups = form.groups or [Group("", dict(form.title))]
    for i, g in enumerate(groups, start=1):
        questions = by_group.pop(g.code, [])
        if questions:
            section: dict[str, Any] = {
                "id": _code(g.code) or f"section-{i}",
                "title": _bilingual(g.label, g.code or f"Section {i}"),
                "questions": questions,
            }
            sections.append(section)
    for code, questions in by_group.items():  # questions whose group the file did not list
        sections.append(
            {"id": _code(code) or "other", "title": _bilingual({}, code or "Other"), "questions": questions}
        )
    ident = instrument_id or _code(form.code) or "imported"
    if not ident[0].isalpha():
        ident = f"i-{ident}"
    return {
        "id": ident,
        "version": version or form.version or "1",
        "title": _bilingual(form.title, ident),
        "description": _bilingual({}, f"Imported from {ident}"),
        "sections": sections,
    }


# ---- answers ----------------------------------------------------------------------------------------


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return {"min": _number(value[0]), "max": _number(value[1])}
    if isinstance(value, Decimal):
        return _number(value)
    return value


def answer_to_instrument(value: AnswerValue) -> Any:
    """The stored JSON shape of one neutral answer (see kartlagg.surveys.instrument.answers)."""
    if isinstance(value, dict):
        return {row: {col: _cell(cell) for col, cell in cells.items()} for row, cells in value.items()}
    if isinstance(value, list):
        return list(value)
    return _cell(value)
