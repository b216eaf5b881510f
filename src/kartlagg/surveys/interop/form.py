"""The neutral form every interop reader produces and every writer consumes.

LimeSurvey, REDCap and XLSForm each describe a questionnaire in their own words; this module is the
common ground between them and kartlagg's instrument. It holds only what kartlagg can ask (numbers,
number ranges, single and multiple choice, matrices, free text), bilingual texts as {language: text},
and conditions as a small expression tree so that each format's condition syntax can be written and
read back. Anything a foreign file asks that kartlagg cannot (dates, uploads, calculations, GPS ...)
is kept as kind "unsupported" with its original type, so a parsed file never silently loses a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeAlias

Kind = Literal["number", "range", "single", "multiple", "matrix", "text", "unsupported"]
CellKind = Literal["number", "range", "boolean", "text", "single"]
Texts: TypeAlias = dict[str, str]

KINDS: tuple[Kind, ...] = ("number", "range", "single", "multiple", "matrix", "text", "unsupported")


@dataclass(frozen=True)
class Option:
    """A choice, a matrix row or a matrix column: a stable code and its label per language."""

    code: str
    label: Texts = field(default_factory=dict)


@dataclass
class Column:
    """A matrix column; every cell in it has the column's kind (and bounds, and choices)."""

    code: str
    label: Texts = field(default_factory=dict)
    cell: CellKind = "number"
    integer: bool = True
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: list[Option] = field(default_factory=list)

    def choice_codes(self) -> list[str]:
        return [choice.code for choice in self.choices]


# ---- conditions -------------------------------------------------------------------------------------
# A condition refers to another (whole) question by its code.

CompareOp = Literal["=", "!=", ">", ">=", "<", "<="]


@dataclass(frozen=True)
class Compare:
    """`question op value`: value is a choice code (single choice) or a number."""

    ref: str
    op: CompareOp
    value: str | Decimal


@dataclass(frozen=True)
class Selected:
    """Choice `code` is ticked in multiple-choice question `ref`."""

    ref: str
    code: str


@dataclass(frozen=True)
class Answered:
    """Question `ref` has any answer."""

    ref: str


@dataclass(frozen=True)
class Not:
    operand: Condition


@dataclass(frozen=True)
class All:
    operands: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    operands: tuple[Condition, ...]


Condition: TypeAlias = Compare | Selected | Answered | Not | All | AnyOf


def condition_refs(condition: Condition) -> set[str]:
    """The question codes a condition reads."""
    if isinstance(condition, Compare | Selected | Answered):
        return {condition.ref}
    if isinstance(condition, Not):
        return condition_refs(condition.operand)
    refs: set[str] = set()
    for operand in condition.operands:
        refs |= condition_refs(operand)
    return refs


def condition_map_codes(
    condition: Condition, *, question: dict[str, str], choice: dict[tuple[str, str], str]
) -> Condition:
    """The same condition with question codes and choice codes renamed (missing keys stay as they are)."""
    if isinstance(condition, Compare):
        value = condition.value
        if isinstance(value, str):
            value = choice.get((condition.ref, value), value)
        return Compare(question.get(condition.ref, condition.ref), condition.op, value)
    if isinstance(condition, Selected):
        return Selected(
            question.get(condition.ref, condition.ref),
            choice.get((condition.ref, condition.code), condition.code),
        )
    if isinstance(condition, Answered):
        return Answered(question.get(condition.ref, condition.ref))
    if isinstance(condition, Not):
        return Not(condition_map_codes(condition.operand, question=question, choice=choice))
    mapped = tuple(condition_map_codes(op, question=question, choice=choice) for op in condition.operands)
    return All(mapped) if isinstance(condition, All) else AnyOf(mapped)


# ---- questions and forms ----------------------------------------------------------------------------


@dataclass
class Question:
    code: str
    kind: Kind
    label: Texts = field(default_factory=dict)
    help: Texts = field(default_factory=dict)
    required: bool = False
    group: str = ""
    choices: list[Option] = field(default_factory=list)  # single and multiple choice
    rows: list[Option] = field(default_factory=list)  # matrix rows
    columns: list[Column] = field(default_factory=list)  # matrix columns
    integer: bool = True  # number and range
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    multiline: bool = False  # text only
    condition: Condition | None = None
    condition_source: str = ""  # the expression as written in the file it came from
    source_type: str = ""  # the format's own type name, e.g. "L", "radio", "select_one"

    def choice_codes(self) -> list[str]:
        return [choice.code for choice in self.choices]


@dataclass
class Group:
    code: str
    label: Texts = field(default_factory=dict)
    description: Texts = field(default_factory=dict)


@dataclass
class Form:
    code: str
    title: Texts
    languages: list[str]
    groups: list[Group] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    version: str = ""
    warnings: list[str] = field(default_factory=list)  # what a reader could not carry over, in words

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def question(self, code: str) -> Question:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(code)

    def questions_in(self, group: str) -> list[Question]:
        return [q for q in self.questions if q.group == group]


# ---- answers ----------------------------------------------------------------------------------------
# A neutral answer value per question kind:
#   number -> Decimal; range -> (Decimal, Decimal); single -> code; multiple -> list of codes;
#   text -> str; matrix -> {row: {column: cell}} with cells typed like their column
#   (Decimal, (Decimal, Decimal), bool, text, choice code).
NumberRange: TypeAlias = tuple[Decimal, Decimal]
CellValue: TypeAlias = Decimal | NumberRange | bool | str
AnswerValue: TypeAlias = Decimal | NumberRange | str | list[str] | dict[str, dict[str, CellValue]]


@dataclass
class ImportedResponse:
    """One respondent's answers as read from a foreign export, before it is stored in a round."""

    row: int  # 1-based data row (header not counted) in the file it came from
    respondent: str  # the identifying value (LimeSurvey token, REDCap record id ...)
    answers: dict[str, AnswerValue]
    submitted: bool
    language: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # answer path -> the column it came from
    respondent_field: str = ""  # the column the respondent identifier came from
