"""XLSForm (ODK, KoboToolbox, Enketo): .xlsx with survey/choices/settings sheets out and in.

Written workbooks use the XLSForm spec's column names: survey (type, name, label::<Language (code)>,
hint::..., required, relevant, constraint, constraint_message::..., appearance, instance::kartlagg),
choices (list_name, name, label::...), settings (form_title, form_id, version, default_language).
Sections become `begin_group`/`end_group`; a range is a group of two integers <code>_min, <code>_max; a
matrix is a group of one field per row (single choice, appearance table-list) or per cell. The
`instance::kartlagg` column (a custom instance attribute, carried into the XForm) marks those groups
so a returned form can be read back into ranges and matrices.

Reading accepts the spec's spelling variants ("list name", "label:English", "bind:relevant", upper
case, "select one from X or specify other") and the CSV layout pyxform's tests use (a first column
naming the sheet).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook

from kartlagg.surveys.interop import conditions
from kartlagg.surveys.interop.codes import XLSFORM, CodeMap, apply_code_map, build_code_map
from kartlagg.surveys.interop.exceptions import MalformedFileError, Problem
from kartlagg.surveys.interop.form import Column, Form, Group, Option, Question, Texts

LANGUAGE_NAMES = {
    "sv": "Svenska",
    "en": "English",
    "da": "Dansk",
    "nb": "Norsk bokmål",
    "fi": "Suomi",
    "et": "Eesti",
    "es": "Español",
}
NAME_TO_CODE = {
    "svenska": "sv",
    "swedish": "sv",
    "english": "en",
    "engelska": "en",
    "dansk": "da",
    "danish": "da",
    "norsk": "nb",
    "norwegian": "nb",
    "suomi": "fi",
    "finnish": "fi",
    "español": "es",
    "spanish": "es",
}
MARK = "instance::kartlagg"
YES_NO = "kartlagg_yes_no"  # the choice list behind boolean matrix cells
RANGE_WORDS: dict[str, Texts] = {"min": {"sv": "Från", "en": "From"}, "max": {"sv": "Till", "en": "To"}}


def _language_column(lang: str) -> str:
    return f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def xlsform_code_map(form: Form) -> CodeMap:
    # One namespace for group and question names: XLSForm names must be unique across the form.
    return build_code_map(form, XLSFORM, reserved={g.code for g in form.groups})


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _constraint(q: Question | Column) -> str:
    parts = []
    if q.minimum is not None:
        parts.append(f". >= {_num(q.minimum)}")
    if q.maximum is not None:
        parts.append(f". <= {_num(q.maximum)}")
    return " and ".join(parts)


def _range_suffix(end: str, lang: str) -> str:
    if not end:
        return ""
    words = RANGE_WORDS[end]
    return f" ({words.get(lang, words['en']).lower()})"


def _append(sheet: Any, values: list[str]) -> None:
    """A row of text cells: a label such as "=5" must stay text, not become a spreadsheet formula."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        if value == "":
            continue
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        cell.data_type = "s"


def write_xlsform(form: Form) -> bytes:
    """The instrument as an XLSForm workbook (.xlsx bytes)."""
    coded = apply_code_map(form, xlsform_code_map(form))
    langs = coded.languages
    label_cols = [f"label::{_language_column(lang)}" for lang in langs]
    hint_cols = [f"hint::{_language_column(lang)}" for lang in langs]
    survey_cols = [
        "type",
        "name",
        *label_cols,
        *hint_cols,
        "required",
        "relevant",
        "constraint",
        "appearance",
        MARK,
    ]
    survey: list[dict[str, str]] = []
    choices: list[dict[str, str]] = []

    def texts(prefix: str, value: Texts) -> dict[str, str]:
        return {f"{prefix}::{_language_column(lang)}": value.get(lang, "") for lang in langs}

    def add_list(list_name: str, options: list[Option]) -> None:
        for option in options:
            choices.append({"list_name": list_name, "name": option.code} | texts("label", option.label))

    groups = coded.groups or [Group(coded.code, dict(coded.title))]
    for group in groups:
        members = [q for q in coded.questions if q.group == group.code or (not coded.groups)]
        survey.append(
            {"type": "begin_group", "name": group.code, "appearance": "field-list"}
            | texts("label", group.label)
            | texts("hint", group.description)
        )
        for q in members:
            common = (
                {
                    "required": "yes" if q.required else "",
                    "relevant": conditions.to_xlsform(q.condition),
                }
                | texts("label", q.label)
                | texts("hint", q.help)
            )
            number_type = "integer" if q.integer else "decimal"
            if q.kind == "number":
                survey.append({"type": number_type, "name": q.code, "constraint": _constraint(q)} | common)
            elif q.kind == "single":
                survey.append({"type": f"select_one {q.code}", "name": q.code} | common)
                add_list(q.code, q.choices)
            elif q.kind == "multiple":
                survey.append({"type": f"select_multiple {q.code}", "name": q.code} | common)
                add_list(q.code, q.choices)
            elif q.kind == "text":
                survey.append(
                    {"type": "text", "name": q.code, "appearance": "multiline" if q.multiline else ""}
                    | common
                )
            elif q.kind == "range":
                survey.append(
                    {"type": "begin_group", "name": q.code, "appearance": "field-list", MARK: "range"}
                    | common
                    | {"required": ""}
                )
                for end in ("min", "max"):
                    survey.append(
                        {
                            "type": number_type,
                            "name": f"{q.code}_{end}",
                            "required": common["required"],
                            MARK: end,
                            "constraint": " and ".join(
                                p
                                for p in (_constraint(q), f". >= ${{{q.code}_min}}" if end == "max" else "")
                                if p
                            ),
                        }
                        | texts("label", RANGE_WORDS[end])
                    )
                survey.append({"type": "end_group", "name": ""})
            elif q.kind == "matrix":
                survey.append(
                    {
                        "type": "begin_group",
                        "name": q.code,
                        "appearance": "field-list",
                        MARK: "matrix required" if q.required else "matrix",
                    }
                    | common
                    | {"required": ""}
                )
                for c in q.columns:
                    if c.cell == "single":
                        add_list(f"{q.code}_{c.code}", c.choices)
                    elif c.cell == "boolean" and not any(ch["list_name"] == YES_NO for ch in choices):
                        add_list(
                            YES_NO,
                            [Option("1", {"sv": "Ja", "en": "Yes"}), Option("0", {"sv": "Nej", "en": "No"})],
                        )
                for r in q.rows:
                    # One group per row, labelled with the row; its fields are labelled with the columns.
                    survey.append(
                        {"type": "begin_group", "name": f"{q.code}_{r.code}", MARK: f"row {r.code}"}
                        | texts("label", r.label)
                    )
                    for c in q.columns:
                        ends = ("min", "max") if c.cell == "range" else ("",)
                        for end in ends:
                            label = {
                                lang: c.label.get(lang, c.code) + _range_suffix(end, lang) for lang in langs
                            }
                            part = f"{r.code}/{c.code}" + (f"/{end}" if end else "")
                            name = f"{q.code}_{r.code}_{c.code}" + (f"_{end}" if end else "")
                            ftype = {
                                "number": "integer" if c.integer else "decimal",
                                "range": "integer" if c.integer else "decimal",
                                "boolean": f"select_one {YES_NO}",
                                "text": "text",
                                "single": f"select_one {q.code}_{c.code}",
                            }[c.cell]
                            bounds = _constraint(c) if c.cell in ("number", "range") else ""
                            survey.append(
                                {"type": ftype, "name": name, "constraint": bounds, MARK: part}
                                | texts("label", label)
                            )
                    survey.append({"type": "end_group", "name": ""})
                survey.append({"type": "end_group", "name": ""})
            else:
                raise ValueError(f"question {q.code!r} of kind {q.kind!r} cannot be written to XLSForm")
        survey.append({"type": "end_group", "name": ""})

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    _append(sheet, survey_cols)
    for row in survey:
        _append(sheet, [row.get(c, "") for c in survey_cols])
    choice_cols = ["list_name", "name", *label_cols]
    sheet = book.create_sheet("choices")
    _append(sheet, choice_cols)
    for row in choices:
        _append(sheet, [row.get(c, "") for c in choice_cols])
    sheet = book.create_sheet("settings")
    settings_cols = [
        "form_title",
        "form_id",
        "version",
        "default_language",
        *[f"{MARK}_title::{_language_column(lang)}" for lang in langs],
    ]
    _append(sheet, settings_cols)
    _append(
        sheet,
        [
            coded.title.get(langs[0], coded.code),
            coded.code,
            coded.version or "1",
            _language_column(langs[0]),
            *[coded.title.get(lang, "") for lang in langs],
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- reading ----------------------------------------------------------------------------------------

Sheet = list[dict[str, str]]

_ALIASES = {
    "list name": "list_name",
    "bind:relevant": "relevant",
    "bind:constraint": "constraint",
    "bind:required": "required",
    "bind:jr:constraintmsg": "constraint_message",
    "control:appearance": "appearance",
    "value": "name",
    "text": "label",
}


def _norm_header(header: str) -> str:
    h = header.strip().lower()
    h = _ALIASES.get(h, h)
    # "label:English" (old spelling) -> "label::English"; keep "bind::" and "instance::" as they are.
    h = re.sub(r"^(label|hint|constraint_message|text|media|image|audio|video):(?!:)", r"\1::", h)
    if h.startswith("text::"):
        h = "label::" + h[len("text::") :]
    return h


def _lang_of(suffix: str) -> str:
    match = re.search(r"\(([a-z]{2,3}(?:-[a-z]+)?)\)\s*$", suffix.strip().lower())
    if match:
        return match.group(1)
    name = suffix.strip().lower()
    return NAME_TO_CODE.get(name, name)


def _texts(row: dict[str, str], prefix: str, default_lang: str) -> Texts:
    out: Texts = {}
    for key, value in row.items():
        if not value:
            continue
        if key == prefix:
            out[default_lang] = value
        elif key.startswith(prefix + "::"):
            out[_lang_of(key[len(prefix) + 2 :])] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheets_from_xlsx(data: bytes, name: str) -> dict[str, tuple[list[str], Sheet]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise MalformedFileError.single(name, 0, "", f"not an .xlsx workbook ({type(exc).__name__})") from exc
    sheets: dict[str, tuple[list[str], Sheet]] = {}
    for ws in book.worksheets:
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        if not rows:
            continue
        headers = [_norm_header(h) for h in rows[0]]
        sheets[ws.title.strip().lower()] = (
            headers,
            [dict(zip(headers, r, strict=False)) for r in rows[1:] if any(r)],
        )
    return sheets


def _sheets_from_csv(text: str) -> dict[str, tuple[list[str], Sheet]]:
    """pyxform's CSV layout: a row with the sheet name in column 1, then rows starting with an empty cell."""
    sheets: dict[str, tuple[list[str], Sheet]] = {}
    current: str | None = None
    headers: list[str] = []
    for values in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        if not values or not any(v.strip() for v in values):
            continue
        first = values[0].strip().lower()
        if first:
            current, headers = first, []
            sheets[current] = ([], [])
            continue
        if current is None:
            continue
        cells = [v.strip() for v in values[1:]]
        if not headers:
            headers = [_norm_header(h) for h in cells]
            sheets[current] = (headers, [])
        else:
            sheets[current][1].append(dict(zip(headers, cells, strict=False)))
    return sheets


@dataclass
class XlsformStructure:
    form: Form
    columns: dict[str, tuple[str, str]]  # data column (field name) -> (question code, part)


def read_xlsform(data: bytes, *, name: str = "form.xlsx") -> XlsformStructure:
    """An XLSForm workbook (.xlsx) as a neutral form."""
    return _build(_sheets_from_xlsx(data, name), name)


def read_xlsform_csv(text: str, *, name: str = "form.csv") -> XlsformStructure:
    """An XLSForm saved as CSV (pyxform's layout) as a neutral form."""
    return _build(_sheets_from_csv(text), name)


_SELECT = re.compile(
    r"^(select_one|select_multiple|select one|select all that apply|select_one_external|select one external)"
    r"\s+(?:from\s+)?([^\s]+)(\s+or specify other|\s+or_other)?$"
)
_NUMBERS = {"integer": True, "int": True, "decimal": False, "range": False}
_TEXTS = {"text", "string"}


def _number_bounds(constraint: str) -> tuple[Decimal | None, Decimal | None]:
    low = re.search(r"\.\s*>=\s*(-?\d+(?:\.\d+)?)", constraint)
    high = re.search(r"\.\s*<=\s*(-?\d+(?:\.\d+)?)", constraint)
    try:
        return (Decimal(low.group(1)) if low else None, Decimal(high.group(1)) if high else None)
    except InvalidOperation:
        return None, None


def _build(sheets: dict[str, tuple[list[str], Sheet]], name: str) -> XlsformStructure:
    if "survey" not in sheets:
        raise MalformedFileError.single(name, 0, "survey", "no survey sheet")
    headers, survey = sheets["survey"]
    for required in ("type", "name"):
        if required not in headers:
            raise MalformedFileError.single(name, 0, required, "the survey sheet has no such column")
    settings_rows = sheets.get("settings", ([], []))[1]
    settings = settings_rows[0] if settings_rows else {}
    default_raw = settings.get("default_language", "")
    languages: list[str] = []
    for h in headers:
        for prefix in ("label::", "hint::"):
            if h.startswith(prefix) and _lang_of(h[len(prefix) :]) not in languages:
                languages.append(_lang_of(h[len(prefix) :]))
    default = _lang_of(default_raw) if default_raw else (languages[0] if languages else "default")
    if default in languages:
        languages.remove(default)
    languages.insert(0, default)

    lists: dict[str, list[Option]] = {}
    for number, row in enumerate(sheets.get("choices", ([], []))[1], start=1):
        list_name = row.get("list_name", "")
        if not list_name and not row.get("name"):
            continue
        if not list_name or not row.get("name"):
            raise MalformedFileError.single(
                name,
                number,
                "list_name" if not list_name else "name",
                "a choice needs a list name and a name (choices sheet)",
            )
        lists.setdefault(list_name, []).append(Option(row["name"], _texts(row, "label", default)))

    title = _texts(settings, f"{MARK}_title", default) or (
        {default: settings["form_title"]} if settings.get("form_title") else {}
    )
    form = Form(
        code=settings.get("form_id", "") or name.rsplit(".", 1)[0],
        title=title,
        languages=languages,
        version=settings.get("version", ""),
    )
    columns: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    stack: list[
        tuple[str, Question | None]
    ] = []  # open groups: ("group"|"range"|"matrix"|"repeat", question)
    seen: dict[str, int] = {}
    current_group = ""
    for number, row in enumerate(survey, start=1):
        raw_type = re.sub(r"\s+", " ", row.get("type", "").strip())
        qtype = raw_type.lower()
        fname = row.get("name", "")
        if not qtype:
            continue
        if fname:
            if fname in seen and not qtype.startswith("end"):
                problems.append(Problem(name, number, "name", f"{fname!r} repeats row {seen[fname]}"))
            seen[fname] = number
        mark = row.get(MARK, "")
        if qtype in ("begin group", "begin_group"):
            label, hint = _texts(row, "label", default), _texts(row, "hint", default)
            if mark.startswith("row ") and stack and stack[-1][0] == "matrix" and stack[-1][1] is not None:
                matrix = stack[-1][1]
                matrix.rows.append(Option(mark[4:], label))
                stack.append(("matrix", matrix))
                continue
            if mark == "range" or mark.startswith("matrix"):
                q = Question(
                    code=fname,
                    kind="range" if mark == "range" else "matrix",
                    label=label,
                    help=hint,
                    group=current_group,
                    source_type=raw_type,
                )
                q.required = mark == "matrix required"
                q.condition_source = row.get("relevant", "")
                form.questions.append(q)
                stack.append(("range" if mark == "range" else "matrix", q))
            else:
                if not any(kind == "group" for kind, _ in stack):
                    current_group = fname or f"group{number}"
                    form.groups.append(Group(current_group, label, hint))
                stack.append(("group", None))
            continue
        if qtype in ("end group", "end_group", "end repeat", "end_repeat", "end loop", "end_loop"):
            if not stack:
                problems.append(Problem(name, number, "type", f"{raw_type!r} without a matching begin"))
                continue
            stack.pop()
            if not any(kind == "group" for kind, _ in stack):
                current_group = ""
            continue
        if qtype.startswith(("begin repeat", "begin_repeat", "begin loop", "begin_loop")):
            form.warnings.append(
                f"row {number}: {raw_type!r} repeats its questions; kartlagg reads them once"
            )
            stack.append(("repeat", None))
            continue
        if not fname:
            problems.append(Problem(name, number, "name", "a question needs a name"))
            continue
        parent = stack[-1][1] if stack and stack[-1][0] in ("range", "matrix") else None
        if parent is not None:
            _add_part(parent, row, raw_type, mark, fname, lists, default, columns, number, name, problems)
            continue
        q = Question(
            code=fname,
            kind="unsupported",
            label=_texts(row, "label", default),
            help=_texts(row, "hint", default),
            group=current_group,
            source_type=raw_type,
        )
        q.required = row.get("required", "").strip().lower() in ("yes", "true", "true()", "1", "y")
        q.condition_source = row.get("relevant", "")
        select = _SELECT.match(qtype)
        if select:
            q.kind = "single" if "one" in select.group(1) else "multiple"
            q.choices = list(lists.get(_find_list(lists, select.group(2)), []))
            if not q.choices:
                problems.append(
                    Problem(
                        name, number, "type", f"choice list {select.group(2)!r} is not on the choices sheet"
                    )
                )
            if select.group(3):
                form.warnings.append(
                    f"{fname}: 'or specify other' has no place in kartlagg; the free 'other' text is not read"
                )
            if "external" in select.group(1):
                q.kind = "unsupported"
        elif qtype in _NUMBERS:
            q.kind, q.integer = "number", _NUMBERS[qtype]
            q.minimum, q.maximum = _number_bounds(row.get("constraint", ""))
        elif qtype in _TEXTS:
            q.kind, q.multiline = "text", "multiline" in row.get("appearance", "")
        columns[fname] = (fname, "" if q.kind != "unsupported" else "?")
        form.questions.append(q)
    if stack:
        problems.append(Problem(name, len(survey), "type", f"{len(stack)} group(s) never closed"))
    kinds = {q.code: q.kind for q in form.questions}
    for q in form.questions:
        try:
            q.condition = conditions.parse(q.condition_source, "xlsform", kinds.get)
        except conditions.ConditionSyntaxError as exc:
            form.warnings.append(f"{q.code}: relevant {q.condition_source!r} kept as text only ({exc})")
    if problems:
        raise MalformedFileError(problems)
    return XlsformStructure(form, columns)


def _strip_suffix(text: str, suffix: str) -> str:
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def _find_list(lists: dict[str, list[Option]], wanted: str) -> str:
    for key in lists:
        if key.lower() == wanted.lower():
            return key
    return wanted


def _add_part(
    parent: Question,
    row: dict[str, str],
    raw_type: str,
    mark: str,
    fname: str,
    lists: dict[str, list[Option]],
    default: str,
    columns: dict[str, tuple[str, str]],
    number: int,
    name: str,
    problems: list[Problem],
) -> None:
    """A field inside a kartlagg range or matrix group."""
    qtype = raw_type.lower()
    if parent.kind == "range":
        parent.required = parent.required or row.get("required", "").strip().lower() in (
            "yes",
            "true",
            "true()",
        )
    if qtype in _NUMBERS and parent.kind == "range":
        parent.integer = _NUMBERS[qtype]
        low, high = _number_bounds(re.sub(r"\$\{[^}]*\}", "", row.get("constraint", "")))
        parent.minimum = parent.minimum if low is None else low
        parent.maximum = parent.maximum if high is None else high
    if not mark:
        problems.append(
            Problem(name, number, MARK, f"field {fname!r} inside {parent.code!r} lacks its place marker")
        )
        return
    columns[fname] = (parent.code, mark)
    label = _texts(row, "label", default)
    if parent.kind != "matrix":
        return
    pieces = mark.split("/")
    if len(pieces) < 2:
        problems.append(Problem(name, number, MARK, f"{mark!r} is not row/column"))
        return
    row_code, col_code = pieces[0], pieces[1]
    if row_code not in [r.code for r in parent.rows]:
        parent.rows.append(Option(row_code, {}))  # a form whose rows are not groups of their own
    if col_code in [c.code for c in parent.columns]:
        return
    end = pieces[2] if len(pieces) > 2 else ""
    column = Column(col_code, {k: _strip_suffix(v, _range_suffix(end, k)) for k, v in label.items()})
    select = _SELECT.match(qtype)
    if len(pieces) > 2:
        column.cell = "range"
    elif qtype in _NUMBERS:
        column.cell = "number"
    elif select and select.group(2) == YES_NO:
        column.cell = "boolean"
    elif select:
        column.cell = "single"
        column.choices = list(lists.get(_find_list(lists, select.group(2)), []))
    else:
        column.cell = "text"
    if qtype in _NUMBERS:
        column.integer = _NUMBERS[qtype]
        column.minimum, column.maximum = _number_bounds(row.get("constraint", ""))
    parent.columns.append(column)
