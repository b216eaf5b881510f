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


LIMESURVEY = CodeRules("LimeSurvey", 20, 20, 5, 100, r"[^A-Za-z0-9]", False, True, columns_as_questions=True)
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
    return text[:limit]


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
        cmap.choices[question.code] = {c.code: _unique(c.code, rules, rules.choice_max, taken, False) for c in question.choices}
        taken = set()
        cmap.rows[question.code] = {r.code: _unique(r.code, rules, rules.row_max, taken, False) for r in question.rows}
        taken = set()
        columns: dict[str, str] = {}
        for column in question.columns:
            if rules.columns_as_questions:
                columns[column.code] = _unique(f"{cmap.questions[question.code]}{column.code}", rules, rules.question_max, taken_q, True)
            else:
                columns[column.code] = _unique(column.code, rules, rules.row_max, taken, False)
            chosen: set[str] = set()
            cmap.choices[f"{question.code}/{column.code}"] = {c.code: _unique(c.code, rules, rules.choice_max, chosen, False) for c in column.choices}
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
            condition_map_codes(q.condition, question=cmap.questions, choice=choice_map) if q.condition else None
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
