"""Renaming kartlagg codes to what each format accepts, and back.

LimeSurvey allows question codes of at most 20 letters and digits and answer codes of at most 5;
REDCap wants lower-case variable names with underscores; XLSForm wants XML names. kartlagg codes such
as "leadership-project-management" fit none of the first two. The renaming is computed from the
instrument alone (never from a file's order), so the same instrument always gives the same codes and
the codes found in a returned file or response export can be mapped back to the instrument's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kartlagg.surveys.interop.form import Form, Group, Option, Question, condition_map_codes


@dataclass(frozen=True)
class CodeRules:
    name: str
    question_max: int
    row_max: int  # subquestions / matrix rows and columns
    choice_max: int
    group_max: int
    disallowed: str  # regex of characters to drop
    lower: bool
    letter_first: bool  # question (and group) codes must start with a letter
    keep_hyphens_as: str = ""  # replacement for "-" before dropping disallowed characters
    columns_as_questions: bool = False  # LimeSurvey: each matrix column is a question of its own
    multiple_as_rows: bool = False  # LimeSurvey: multiple-choice options are subquestions (row-length codes)


LIMESURVEY = CodeRules(
    "LimeSurvey",
    20,
    20,
    5,
    100,
    r"[^A-Za-z0-9]",
    False,
    True,
    columns_as_questions=True,
    multiple_as_rows=True,
)
REDCAP = CodeRules("REDCap", 26, 10, 20, 50, r"[^a-z0-9_]", True, True, keep_hyphens_as="_")
XLSFORM = CodeRules("XLSForm", 80, 40, 40, 80, r"[^A-Za-z0-9_.\-]", False, True)


def _sanitise(code: str, rules: CodeRules, limit: int, letter_first: bool) -> str:
    text = code.replace("-", rules.keep_hyphens_as) if rules.keep_hyphens_as else code
    if rules.lower:
        text = text.lower()
    text = re.sub(rules.disallowed, "", text)
    if letter_first and (not text or not text[0].isalpha()):
        text = ("q" if not rules.lower else "q") + text
    if not text:
        text = "x"
    text = text[:limit]
    if rules.keep_hyphens_as:
        # REDCap: no "__" (checkbox columns are named var___code) and no trailing "_" after cutting.
        text = re.sub(r"_{2,}", "_", text).rstrip("_") or "x"
    return text


def _unique(code: str, rules: CodeRules, limit: int, taken: set[str], letter_first: bool) -> str:
    base = _sanitise(code, rules, limit, letter_first)
    candidate = base
    counter = 2
    while candidate.lower() in taken:
        suffix = str(counter)
        candidate = base[: limit - len(suffix)] + suffix
        counter += 1
    taken.add(candidate.lower())
    return candidate


@dataclass
class CodeMap:
    """kartlagg code -> format code, per kind of thing. Rows and columns are per question; choices per
    question, or per "question/column" for a matrix column's choices."""

    rules: CodeRules
    questions: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def inverse(self) -> CodeMap:
        def inv(d: dict[str, str]) -> dict[str, str]:
            return {v: k for k, v in d.items()}

        def owner(key: str) -> str:
            q, _, col = key.partition("/")
            new_q = self.questions.get(q, q)
            return f"{new_q}/{self.columns.get(q, {}).get(col, col)}" if col else new_q

        def inv2(d: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
            return {owner(q): inv(m) for q, m in d.items()}

        return CodeMap(
            self.rules,
            questions=inv(self.questions),
            groups=inv(self.groups),
            choices=inv2(self.choices),
            rows=inv2(self.rows),
            columns=inv2(self.columns),
        )


def build_code_map(form: Form, rules: CodeRules, reserved: set[str] | None = None) -> CodeMap:
    """Deterministic format codes for every code in the form, unique where the format needs it."""
    cmap = CodeMap(rules)
    taken_q: set[str] = {r.lower() for r in (reserved or set())}
    taken_g: set[str] = set()
    for group in form.groups:
        cmap.groups[group.code] = _unique(group.code, rules, rules.group_max, taken_g, True)
    for question in form.questions:
        cmap.questions[question.code] = _unique(question.code, rules, rules.question_max, taken_q, True)
        taken: set[str] = set()
        limit = rules.row_max if rules.multiple_as_rows and question.kind == "multiple" else rules.choice_max
        cmap.choices[question.code] = {
            c.code: _unique(c.code, rules, limit, taken, False) for c in question.choices
        }
        taken = set()
        cmap.rows[question.code] = {
            r.code: _unique(r.code, rules, rules.row_max, taken, False) for r in question.rows
        }
        taken = set()
        columns: dict[str, str] = {}
        for column in question.columns:
            if rules.columns_as_questions:
                columns[column.code] = _unique(
                    f"{cmap.questions[question.code]}{column.code}", rules, rules.question_max, taken_q, True
                )
            else:
                columns[column.code] = _unique(column.code, rules, rules.row_max, taken, False)
            chosen: set[str] = set()
            cmap.choices[f"{question.code}/{column.code}"] = {
                c.code: _unique(c.code, rules, rules.choice_max, chosen, False) for c in column.choices
            }
        cmap.columns[question.code] = columns
    return cmap


def _rename_options(options: list[Option], mapping: dict[str, str]) -> list[Option]:
    return [Option(mapping.get(o.code, o.code), dict(o.label)) for o in options]


def apply_code_map(form: Form, cmap: CodeMap) -> Form:
    """The same form with every code renamed through cmap (codes it does not know stay as they are)."""
    choice_map = {(q, c): new for q, m in cmap.choices.items() for c, new in m.items()}
    questions: list[Question] = []
    for q in form.questions:
        condition = (
            condition_map_codes(q.condition, question=cmap.questions, choice=choice_map)
            if q.condition
            else None
        )
        questions.append(
            replace(
                q,
                code=cmap.questions.get(q.code, q.code),
                group=cmap.groups.get(q.group, q.group),
                choices=_rename_options(q.choices, cmap.choices.get(q.code, {})),
                rows=_rename_options(q.rows, cmap.rows.get(q.code, {})),
                columns=[
                    replace(
                        c,
                        code=cmap.columns.get(q.code, {}).get(c.code, c.code),
                        label=dict(c.label),
                        choices=_rename_options(c.choices, cmap.choices.get(f"{q.code}/{c.code}", {})),
                    )
                    for c in q.columns
                ],
                condition=condition,
            )
        )
    groups = [Group(cmap.groups.get(g.code, g.code), dict(g.label), dict(g.description)) for g in form.groups]
    return Form(form.code, dict(form.title), list(form.languages), groups, questions, form.version)


def encode(form: Form, rules: CodeRules, reserved: set[str] | None = None) -> tuple[Form, CodeMap]:
    cmap = build_code_map(form, rules, reserved)
    return apply_code_map(form, cmap), cmap


def decode(form: Form, cmap: CodeMap) -> Form:
    """Back from format codes to the instrument's codes; `cmap` is the map `encode` returned."""
    return apply_code_map(form, cmap.inverse())


def instrument_code(code: str) -> str:
    """A foreign code as a kartlagg id: lower case, letters first ("1" -> "c1", "SQ001" -> "sq001")."""
    text = re.sub(r"[^a-z0-9_-]", "_", code.strip().lower())[:64]
    return text if text[:1].isalpha() else f"c{text}"[:64]


def _resolve(inverse: dict[str, str], known: set[str], code: str) -> str:
    """The instrument's code for a code found in a file: by the export's map, else by normalising it."""
    if code in inverse:
        return inverse[code]
    normal = instrument_code(code)
    return normal if normal in known else code


def file_to_instrument_map(found: Form, instrument: Form, cmap: CodeMap) -> CodeMap:
    """Map every code in a file's form to the instrument's codes.

    `cmap` is the export map of the instrument: it covers files made from the instrument (through
    LimeSurvey or REDCap and back). Files made elsewhere match where their codes normalise to the
    instrument's (an instrument built from that very file by `instrument_dict_from_form`).
    """
    inverse = cmap.inverse()
    out = CodeMap(cmap.rules)
    by_code = {q.code: q for q in instrument.questions}
    known_q = set(by_code)
    for g in found.groups:
        out.groups[g.code] = inverse.groups.get(g.code, g.code)
    for fq in found.questions:
        oq = _resolve(inverse.questions, known_q, fq.code)
        out.questions[fq.code] = oq
        target = by_code.get(oq)
        known_choices = set(target.choice_codes()) if target else set()
        known_rows = {r.code for r in target.rows} if target else set()
        known_cols = {c.code for c in target.columns} if target else set()
        out.choices[fq.code] = {
            c.code: _resolve(inverse.choices.get(fq.code, {}), known_choices, c.code) for c in fq.choices
        }
        out.rows[fq.code] = {
            r.code: _resolve(inverse.rows.get(fq.code, {}), known_rows, r.code) for r in fq.rows
        }
        out.columns[fq.code] = {}
        for fc in fq.columns:
            oc = _resolve(inverse.columns.get(fq.code, {}), known_cols, fc.code)
            out.columns[fq.code][fc.code] = oc
            ocol = next((c for c in target.columns if c.code == oc), None) if target else None
            known = set(ocol.choice_codes()) if ocol else set()
            inv_col = inverse.choices.get(f"{fq.code}/{fc.code}", {})
            out.choices[f"{fq.code}/{fc.code}"] = {
                c.code: _resolve(inv_col, known, c.code) for c in fc.choices
            }
    return out


def translate_columns(
    columns: dict[str, tuple[str, str]], found: Form, fmap: CodeMap
) -> tuple[dict[str, tuple[str, str]], dict[str, dict[str, str]]]:
    """Response columns keyed to the instrument's codes, and the choice-value maps to apply to cells.

    Returns (column -> (question, part)) and values keyed "question" (single choice) or
    "question/column" (single-choice matrix column), each {file code: instrument code}.
    """
    kinds = {q.code: q for q in found.questions}
    out: dict[str, tuple[str, str]] = {}
    for column, (fq, part) in columns.items():
        q = kinds.get(fq)
        oq = fmap.questions.get(fq, fq)
        if q is not None and q.kind == "multiple" and part not in ("other", "comment", "?"):
            part = fmap.choices.get(fq, {}).get(part, part)
        elif q is not None and q.kind == "matrix" and "/" in part:
            pieces = part.split("/")
            pieces[0] = fmap.rows.get(fq, {}).get(pieces[0], pieces[0])
            pieces[1] = fmap.columns.get(fq, {}).get(pieces[1], pieces[1])
            part = "/".join(pieces)
        out[column] = (oq, part)
    values: dict[str, dict[str, str]] = {}
    for q in found.questions:
        oq = fmap.questions.get(q.code, q.code)
        if q.kind == "single":
            values[oq] = fmap.choices.get(q.code, {})
        for c in q.columns:
            if c.cell == "single":
                oc = fmap.columns.get(q.code, {}).get(c.code, c.code)
                values[f"{oq}/{oc}"] = fmap.choices.get(f"{q.code}/{c.code}", {})
    return out, values
