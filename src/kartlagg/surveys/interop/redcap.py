"""REDCap: data dictionary (CSV) out and in, record exports (CSV) in.

The dictionary has REDCap's 18 columns (HEADER). kartlagg writes one REDCap instrument ("Form Name")
per instrument section, and the record identifier field `record_id` first, as REDCap requires.

kartlagg -> REDCap field types:
  number: text with validation integer/number and min/max; range: two such fields <code>_min, <code>_max;
  single: radio; multiple: checkbox (exported as <code>___<choice>); text: text or notes;
  matrix of single choices: one radio per row sharing a Matrix Group Name; matrix of numbers (or
  ranges): one text field per cell <code>_<row>_<col> (_min/_max), REDCap matrices being radio/checkbox only.

REDCap keeps one language per project. The first instrument language goes in Field Label and Choices;
the others, and what kartlagg needs to rebuild ranges and matrices, go in Field Annotation as one
action tag @KARTLAGG={...json...}. REDCap shows annotations only to designers and ignores unknown tags.
Conditions become branching logic (see conditions.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kartlagg.surveys.interop import conditions
from kartlagg.surveys.interop.answers import Cell, ResponseMapping, assemble
from kartlagg.surveys.interop.codes import REDCAP, CodeMap, apply_code_map, build_code_map
from kartlagg.surveys.interop.exceptions import MalformedFileError, Problem
from kartlagg.surveys.interop.form import Column, Form, Group, ImportedResponse, Option, Question, Texts

HEADER = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]
# The same columns as REDCap's API names them (metadata export).
API_HEADER = [
    "field_name",
    "form_name",
    "section_header",
    "field_type",
    "field_label",
    "select_choices_or_calculations",
    "field_note",
    "text_validation_type_or_show_slider_number",
    "text_validation_min",
    "text_validation_max",
    "identifier",
    "branching_logic",
    "required_field",
    "custom_alignment",
    "question_number",
    "matrix_group_name",
    "matrix_ranking",
    "field_annotation",
]
RECORD_ID = "record_id"
MATRIX_COLUMN = "value"  # the one column of a REDCap radio matrix read as a kartlagg matrix
TAG = "@KARTLAGG="
RANGE_WORDS: dict[str, Texts] = {"min": {"sv": "från", "en": "from"}, "max": {"sv": "till", "en": "to"}}
SYSTEM_COLUMNS = {
    "redcap_event_name",
    "redcap_repeat_instrument",
    "redcap_repeat_instance",
    "redcap_survey_identifier",
    "redcap_data_access_group",
}


def redcap_code_map(form: Form) -> CodeMap:
    return build_code_map(form, REDCAP, reserved={RECORD_ID})


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _choices(options: list[Option], lang: str) -> str:
    # REDCap separates choices with "|": a label cannot contain one.
    return " | ".join(f"{o.code}, {o.label.get(lang, o.code).replace('|', '/')}" for o in options)


def _choice_meta(options: list[Option], base: str) -> dict[str, Texts]:
    """Choice labels the Choices column cannot carry: other languages, and a label with a "|"."""
    out: dict[str, Texts] = {}
    for o in options:
        labels = _others(o.label, base)
        if "|" in o.label.get(base, ""):
            labels[base] = o.label[base]
        if labels:
            out[o.code] = labels
    return out


def _others(texts: Texts, base: str) -> Texts:
    return {k: v for k, v in texts.items() if k != base and v}


def _annotation(meta: dict[str, Any]) -> str:
    return TAG + json.dumps(meta, ensure_ascii=False, separators=(",", ":")) if meta else ""


@dataclass
class _Field:
    name: str
    form: str
    type: str
    label: str
    section: str = ""
    choices: str = ""
    note: str = ""
    validation: str = ""
    vmin: str = ""
    vmax: str = ""
    branching: str = ""
    required: bool = False
    matrix: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def row(self) -> list[str]:
        return [
            self.name,
            self.form,
            self.section,
            self.type,
            self.label,
            self.choices,
            self.note,
            self.validation,
            self.vmin,
            self.vmax,
            "",
            self.branching,
            "y" if self.required else "",
            "",
            "",
            self.matrix,
            "",
            _annotation(self.meta),
        ]


def _column_meta(c: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"code": c.code, "label": c.label, "cell": c.cell, "integer": c.integer}
    if c.minimum is not None:
        out["min"] = _num(c.minimum)
    if c.maximum is not None:
        out["max"] = _num(c.maximum)
    if c.choices:
        out["choices"] = [[o.code, o.label] for o in c.choices]
    return out


def _column_from_meta(raw: dict[str, Any]) -> Column:
    return Column(
        str(raw.get("code", "")),
        dict(raw.get("label", {})),
        raw.get("cell", "number"),
        bool(raw.get("integer", True)),
        _dec(str(raw.get("min", ""))),
        _dec(str(raw.get("max", ""))),
        [Option(str(code), dict(lbl)) for code, lbl in raw.get("choices", [])],
    )


def _form_name(code: str) -> str:
    name = re.sub(r"[^a-z0-9_]", "", code.lower().replace("-", "_"))
    return name if name and name[0].isalpha() else f"form_{name}"


def _fields(coded: Form) -> list[_Field]:
    base = coded.default_language
    groups = coded.groups or [Group(coded.code, dict(coded.title))]
    group_of = {g.code: g for g in groups}
    out: list[_Field] = []
    first_form = _form_name(groups[0].code)
    out.append(
        _Field(
            RECORD_ID,
            first_form,
            "text",
            {"sv": "Organisation (kartlagg-id)", "en": "Organisation (kartlagg id)"}.get(
                base, "Organisation (kartlagg id)"
            ),
            meta={
                "form": {
                    "code": coded.code,
                    "title": coded.title,
                    "languages": coded.languages,
                    "version": coded.version,
                }
            },
        )
    )
    seen_groups: set[str] = set()
    for q in coded.questions:
        group = group_of.get(q.group, groups[0])
        form_name = _form_name(group.code)
        new_group = group.code not in seen_groups
        seen_groups.add(group.code)
        section = group.label.get(base, "") if new_group else ""
        group_meta = (
            {"group": {"code": group.code, "label": group.label, "description": group.description}}
            if new_group
            else {}
        )
        branching = conditions.to_redcap(q.condition)
        label = q.label.get(base, q.code)
        note = q.help.get(base, "")
        meta: dict[str, Any] = {"q": q.code, "kind": q.kind} | group_meta
        if _others(q.label, base):
            meta["label"] = _others(q.label, base)
        if _others(q.help, base):
            meta["help"] = _others(q.help, base)
        number_validation = "integer" if q.integer else "number"

        def add(f: _Field) -> None:
            out.append(f)

        if q.kind == "number":
            add(
                _Field(
                    q.code,
                    form_name,
                    "text",
                    label,
                    section,
                    note=note,
                    validation=number_validation,
                    vmin=_num(q.minimum),
                    vmax=_num(q.maximum),
                    branching=branching,
                    required=q.required,
                    meta=meta,
                )
            )
        elif q.kind == "range":
            for end in ("min", "max"):
                words = RANGE_WORDS[end]
                end_meta = meta | {"part": end} if end == "min" else {"q": q.code, "part": end}
                add(
                    _Field(
                        f"{q.code}_{end}",
                        form_name,
                        "text",
                        label if end == "min" else f"{label} ({words.get(base, words['en'])})",
                        section if end == "min" else "",
                        note=note if end == "min" else "",
                        validation=number_validation,
                        vmin=_num(q.minimum),
                        vmax=_num(q.maximum),
                        branching=branching,
                        required=q.required,
                        meta=end_meta,
                    )
                )
        elif q.kind in ("single", "multiple"):
            if extra_labels := _choice_meta(q.choices, base):
                meta["choices"] = extra_labels
            add(
                _Field(
                    q.code,
                    form_name,
                    "radio" if q.kind == "single" else "checkbox",
                    label,
                    section,
                    choices=_choices(q.choices, base),
                    note=note,
                    branching=branching,
                    required=q.required,
                    meta=meta,
                )
            )
        elif q.kind == "text":
            add(
                _Field(
                    q.code,
                    form_name,
                    "notes" if q.multiline else "text",
                    label,
                    section,
                    note=note,
                    branching=branching,
                    required=q.required,
                    meta=meta,
                )
            )
        elif q.kind == "matrix":
            # REDCap matrices hold radio buttons or checkboxes only: one field per cell instead.
            meta["rows"] = [[r.code, r.label] for r in q.rows]  # lists: JSON objects lose their order
            meta["label"] = q.label  # all languages: the section header also carries the section's title
            meta["required"] = q.required  # kartlagg: at least one cell; REDCap would demand every field
            meta["columns"] = [_column_meta(c) for c in q.columns]
            first = True
            for r in q.rows:
                for c in q.columns:
                    ends = ("min", "max") if c.cell == "range" else ("",)
                    for end in ends:
                        cell_label = f"{r.label.get(base, r.code)}: {c.label.get(base, c.code)}"
                        if end:
                            cell_label += f" ({RANGE_WORDS[end].get(base, RANGE_WORDS[end]['en'])})"
                        part = f"{r.code}/{c.code}" + (f"/{end}" if end else "")
                        cell_meta = meta | {"part": part} if first else {"q": q.code, "part": part}
                        ftype, choices, validation = {
                            "number": ("text", "", "integer" if c.integer else "number"),
                            "range": ("text", "", "integer" if c.integer else "number"),
                            "boolean": ("yesno", "", ""),
                            "text": ("text", "", ""),
                            "single": ("radio", _choices(c.choices, base), ""),
                        }[c.cell]
                        add(
                            _Field(
                                f"{q.code}_{r.code}_{c.code}" + (f"_{end}" if end else ""),
                                form_name,
                                ftype,
                                cell_label,
                                (section + "\n" if section else "") + label if first else "",
                                choices=choices,
                                note=note if first else "",
                                validation=validation,
                                vmin=_num(c.minimum) if validation else "",
                                vmax=_num(c.maximum) if validation else "",
                                branching=branching,
                                meta=cell_meta,
                            )
                        )
                        first = False
        else:
            raise ValueError(f"question {q.code!r} of kind {q.kind!r} cannot be written to REDCap")
    return out


def write_dictionary(form: Form) -> str:
    """The instrument as a REDCap data dictionary (CSV text, REDCap's 18 columns)."""
    coded = apply_code_map(form, redcap_code_map(form))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for f in _fields(coded):
        writer.writerow(f.row())
    return buffer.getvalue()


# ---- reading the dictionary -------------------------------------------------------------------------


@dataclass
class RedcapStructure:
    form: Form
    record_id: str
    columns: dict[str, tuple[str, str]]  # export column -> (question code, part)
    forms: list[str]  # REDCap instrument names, in order
    field_forms: dict[str, bool] = field(default_factory=dict)  # instrument name -> holds questions


def _read_meta(annotation: str) -> dict[str, Any]:
    at = annotation.find(TAG)
    if at < 0:
        return {}
    try:
        meta, _ = json.JSONDecoder().raw_decode(annotation[at + len(TAG) :])
    except json.JSONDecodeError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _parse_choices(
    text: str, name: str, row: int, column: str, problems: list[Problem], lang: str
) -> list[Option]:
    options: list[Option] = []
    for part in text.split("|"):
        if not part.strip():
            continue
        code, sep, label = part.partition(",")
        if not sep:
            problems.append(Problem(name, row, column, f"choice {part.strip()!r} is not 'code, label'"))
            continue
        options.append(Option(code.strip(), {lang: label.strip()}))
    return options


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text.strip() else None
    except InvalidOperation:
        return None


_FIXED = {
    "yesno": [Option("1", {"en": "Yes", "sv": "Ja"}), Option("0", {"en": "No", "sv": "Nej"})],
    "truefalse": [Option("1", {"en": "True", "sv": "Sant"}), Option("0", {"en": "False", "sv": "Falskt"})],
}


def read_dictionary(text: str, *, name: str = "dictionary.csv", language: str = "") -> RedcapStructure:
    """A REDCap data dictionary (download from the project or the API's metadata CSV) as a neutral form."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise MalformedFileError.single(name, 0, "", "empty file") from exc
    if header not in (HEADER, API_HEADER):
        missing = [h for h in HEADER if h not in header]
        raise MalformedFileError.single(
            name, 0, missing[0] if missing else header[0], "not REDCap's data dictionary header (18 columns)"
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(reader, start=1):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(HEADER):
            raise MalformedFileError.single(
                name, number, "", f"{len(values)} values where the header has {len(HEADER)}"
            )
        rows.append((number, {API_HEADER[i]: ("" if v == "NA" else v) for i, v in enumerate(values)}))
    if not rows:
        raise MalformedFileError.single(name, 0, "", "no fields")
    problems: list[Problem] = []
    record_id = rows[0][1]["field_name"]
    form_meta = _read_meta(rows[0][1]["field_annotation"]).get("form", {})
    languages = [str(x) for x in form_meta.get("languages", [])] or [language or "en"]
    base = languages[0]
    form = Form(
        code=str(form_meta.get("code", "")) or rows[0][1]["form_name"],
        title=dict(form_meta.get("title", {})) or {base: rows[0][1]["form_name"].replace("_", " ").title()},
        languages=languages,
        version=str(form_meta.get("version", "")),
    )
    columns: dict[str, tuple[str, str]] = {}
    forms: list[str] = []
    field_forms: dict[str, bool] = {}
    by_code: dict[str, Question] = {}
    seen_names: dict[str, int] = {}
    for number, row in rows:
        fname = row["field_name"].strip()
        if not re.fullmatch(r"[a-z][a-z0-9_]*", fname):
            problems.append(
                Problem(name, number, "Variable / Field Name", f"{fname!r} is not a REDCap variable name")
            )
        if fname in seen_names:
            problems.append(
                Problem(name, number, "Variable / Field Name", f"{fname!r} repeats row {seen_names[fname]}")
            )
        seen_names[fname] = number
        if row["form_name"] not in forms:
            forms.append(row["form_name"])
        field_forms[row["form_name"]] = field_forms.get(row["form_name"], False) or fname != record_id
        if fname == record_id:
            continue
        meta = _read_meta(row["field_annotation"])
        ftype = row["field_type"].strip()
        validation = row["text_validation_type_or_show_slider_number"].strip()
        group_code = str(meta.get("group", {}).get("code", "")) or row["form_name"]
        if not any(g.code == group_code for g in form.groups):
            gmeta = meta.get("group", {})
            form.groups.append(
                Group(
                    group_code,
                    dict(gmeta.get("label", {})) or {base: row["form_name"].replace("_", " ").capitalize()},
                    dict(gmeta.get("description", {})),
                )
            )
        qcode = str(meta.get("q", "")) or (
            row["matrix_group_name"].strip()
            if ftype in ("radio", "checkbox") and row["matrix_group_name"].strip()
            else fname
        )
        part = str(meta.get("part", ""))
        question = by_code.get(qcode)
        if question is None:
            question = Question(
                code=qcode,
                kind="unsupported",
                group=group_code,
                source_type=ftype + (f"/{validation}" if validation else ""),
            )
            question.label = {base: row["field_label"]} | dict(meta.get("label", {}))
            question.help = ({base: row["field_note"]} if row["field_note"] else {}) | dict(
                meta.get("help", {})
            )
            question.required = row["required_field"].strip().lower() == "y"
            question.condition_source = row["branching_logic"]
            question.minimum, question.maximum = (
                _dec(row["text_validation_min"]),
                _dec(row["text_validation_max"]),
            )
            if validation in ("integer", "number", "int", "float", "number_1dp", "number_2dp"):
                question.integer = validation in ("integer", "int")
            kind = str(meta.get("kind", ""))
            matrix_group = row["matrix_group_name"].strip()
            if kind == "matrix":
                question.kind = "matrix"
                question.label = {base: row["section_header"].split("\n")[-1]} | dict(meta.get("label", {}))
                question.required = bool(meta.get("required"))
                question.minimum = question.maximum = None
                question.rows = [Option(str(code), dict(lbl)) for code, lbl in meta.get("rows", [])]
                question.columns = [_column_from_meta(c) for c in meta.get("columns", [])]
            elif not kind and matrix_group and ftype in ("radio", "checkbox"):
                # A REDCap matrix: one field per row sharing the group's choices.
                question.kind = "matrix"
                question.label = {base: row["section_header"] or qcode}
                choices = _parse_choices(
                    row["select_choices_or_calculations"],
                    name,
                    number,
                    "Choices, Calculations, OR Slider Labels",
                    problems,
                    base,
                )
                cell = "single" if ftype == "radio" else "boolean"
                question.columns = (
                    [Column(MATRIX_COLUMN, {}, "single", choices=choices)]
                    if cell == "single"
                    else [Column(o.code, o.label, "boolean") for o in choices]
                )
            elif kind in ("number", "range", "single", "multiple", "text"):
                question.kind = kind  # type: ignore[assignment]
            elif ftype == "text" and validation in (
                "integer",
                "number",
                "int",
                "float",
                "number_1dp",
                "number_2dp",
            ):
                question.kind = "number"
            elif ftype in ("text", "notes") and not validation.startswith(("date", "time")):
                question.kind = "text"
            elif ftype in ("radio", "dropdown", "yesno", "truefalse"):
                question.kind = "single"
            elif ftype == "checkbox":
                question.kind = "multiple"
            if question.kind in ("single", "multiple"):
                base_choices = _FIXED.get(ftype) or _parse_choices(
                    row["select_choices_or_calculations"],
                    name,
                    number,
                    "Choices, Calculations, OR Slider Labels",
                    problems,
                    base,
                )
                extra = meta.get("choices", {})
                question.choices = [
                    Option(o.code, o.label | dict(extra.get(o.code, {}))) for o in base_choices
                ]
            if question.kind == "text":
                question.multiline = ftype == "notes"
            by_code[qcode] = question
            form.questions.append(question)
        # Export columns this field produces.
        if question.kind == "multiple" and ftype == "checkbox":
            for option in question.choices:
                columns[f"{fname}___{option.code.lower().replace('-', '_')}"] = (qcode, option.code)
        elif question.kind == "matrix" and not meta.get("kind") and not part:
            # Foreign REDCap matrix: this field is a row.
            if fname not in [r.code for r in question.rows]:
                question.rows.append(Option(fname, {base: row["field_label"]}))
            if ftype == "checkbox":
                for column in question.columns:
                    columns[f"{fname}___{column.code.lower()}"] = (qcode, f"{fname}/{column.code}")
            else:
                columns[fname] = (qcode, f"{fname}/{MATRIX_COLUMN}")
        elif question.kind in ("range", "matrix"):
            columns[fname] = (qcode, part)
        else:
            columns[fname] = (qcode, "" if question.kind != "unsupported" else "?")
    kinds = {q.code: q.kind for q in form.questions}
    for question in form.questions:
        try:
            question.condition = conditions.parse(question.condition_source, "redcap", kinds.get)
        except conditions.ConditionSyntaxError as exc:
            form.warnings.append(
                f"{question.code}: branching logic {question.condition_source!r} kept as text only ({exc})"
            )
    if problems:
        raise MalformedFileError(problems)
    return RedcapStructure(form, record_id, columns, forms, field_forms)


# ---- reading records --------------------------------------------------------------------------------


def read_records(
    text: str,
    structure: RedcapStructure,
    *,
    name: str = "records.csv",
    id_column: str = "",
    mapping: ResponseMapping | None = None,
    problems: list[Problem] | None = None,
) -> list[ImportedResponse]:
    """A REDCap record export (CSV, raw values, one row per record).

    The respondent is `id_column` if given, else the survey participant identifier when the export
    has one, else the record id. Longitudinal and repeating exports (several rows per record) are refused.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        raise MalformedFileError.single(name, 0, "", "empty file")
    headers = list(reader.fieldnames)
    collect = problems is not None
    problems = problems if problems is not None else []
    if structure.record_id not in headers:
        problems.append(Problem(name, 0, structure.record_id, "the record id column is missing"))
    if id_column and id_column not in headers:
        problems.append(Problem(name, 0, id_column, "no such column"))
    mapping = mapping or ResponseMapping(structure.form, structure.columns)
    form = mapping.form
    questions = {q.code: q for q in form.questions}
    # Forms holding questions: their "_complete" status decides whether a record counts as submitted.
    answer_forms = {f for f, q in structure.field_forms.items() if q}
    responses: list[ImportedResponse] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=1):
        if None in row:
            problems.append(Problem(name, number, "", "more values than headings"))
            continue
        cells: list[Cell] = []
        complete: list[str] = []
        for column, raw in row.items():
            value = raw or ""
            if column == structure.record_id or column in SYSTEM_COLUMNS or column == id_column:
                continue
            if column.endswith("_timestamp") and column[: -len("_timestamp")] in structure.forms:
                continue
            if column.endswith("_complete") and column[: -len("_complete")] in structure.forms:
                if column[: -len("_complete")] in answer_forms:
                    complete.append(value.strip())
                continue
            key = mapping.columns.get(column)
            if key is None:
                if value.strip():
                    problems.append(
                        Problem(name, number, column, "this column matches no field of the dictionary")
                    )
                continue
            question = questions.get(key[0])
            if question is None or question.kind == "unsupported" or key[1] == "?":
                if value.strip():
                    problems.append(
                        Problem(name, number, column, "an answer the instrument has no place for")
                    )
                continue
            if question.kind == "multiple" and value.strip().lower() in ("checked", "unchecked"):
                value = "1" if value.strip().lower() == "checked" else "0"
            cells.append(mapping.cell(column, key[0], key[1], value))
        sources: dict[str, str] = {}
        answers = assemble(form, cells, file=name, row=number, problems=problems, sources=sources)
        if id_column:
            respondent = (row.get(id_column) or "").strip()
            id_field = id_column
        elif (row.get("redcap_survey_identifier") or "").strip():
            respondent, id_field = row["redcap_survey_identifier"].strip(), "redcap_survey_identifier"
        else:
            respondent, id_field = (row.get(structure.record_id) or "").strip(), structure.record_id
        if not respondent:
            problems.append(Problem(name, number, id_field, "no respondent identifier"))
        elif respondent in seen:
            problems.append(
                Problem(
                    name,
                    number,
                    id_field,
                    f"{respondent!r} already has a row ({seen[respondent]}); one row per organisation",
                )
            )
        else:
            seen[respondent] = number
        if (row.get("redcap_event_name") or "").strip() or (
            row.get("redcap_repeat_instrument") or ""
        ).strip():
            problems.append(
                Problem(
                    name,
                    number,
                    "redcap_event_name",
                    "longitudinal or repeating data: export one row per record",
                )
            )
        responses.append(
            ImportedResponse(
                row=number,
                respondent=respondent,
                answers=answers,
                submitted=bool(complete) and all(c == "2" for c in complete),
                sources=sources,
                respondent_field=id_field,
            )
        )
    if problems and not collect:
        raise MalformedFileError(problems)
    return responses
