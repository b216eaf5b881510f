"""Conditional display written and read in each format's own expression language.

* LimeSurvey ExpressionScript (relevance): `q1.NAOK == "A1"`, `q2_A3.NAOK == "Y"` (ticked), `and`, `or`, `!`.
* REDCap branching logic: `[q1] = "1"`, `[q2(3)] = "1"` (ticked), `<>`, `and`, `or`.
* XLSForm `relevant`: `${q1} = 'a1'`, `selected(${q2}, 'a3')`, `!=`, `and`, `or`, `not(...)`.

Only comparisons of one question with a constant, "choice ticked", and/or/not are understood: that is
all a kartlagg instrument can express. An expression outside that subset (functions, arithmetic,
other events) raises ConditionSyntaxError; readers keep the original text beside the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from kartlagg.surveys.interop.form import All, Answered, AnyOf, Compare, CompareOp, Condition, Not, Selected

Dialect = Literal["limesurvey", "redcap", "xlsform"]


class ConditionSyntaxError(ValueError):
    """The expression is not in the subset kartlagg understands."""


# ---- writing ----------------------------------------------------------------------------------------


def _quote(value: str | Decimal, quote: str) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if quote in value:
        raise ConditionSyntaxError(f"value {value!r} contains the quote character {quote}")
    return f"{quote}{value}{quote}"


def _ls_ref(ref: str) -> str:
    return ref + ".NAOK"


def to_limesurvey(condition: Condition | None) -> str:
    """Relevance equation; "1" (always shown) for no condition."""
    if condition is None:
        return "1"
    return _write(condition, "limesurvey")


def to_redcap(condition: Condition | None) -> str:
    if condition is None:
        return ""
    return _write(_push_not(condition), "redcap")


def normalise(condition: Condition | None, dialect: Dialect) -> Condition | None:
    """The condition as the dialect can hold it: REDCap has no `not`, so negations are pushed inward."""
    if condition is None or dialect != "redcap":
        return condition
    return _push_not(condition)


def to_xlsform(condition: Condition | None) -> str:
    if condition is None:
        return ""
    return _write(condition, "xlsform")


_LS_OPS = {"=": "==", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
_RC_OPS = {"=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
_XF_OPS = {"=": "=", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<="}


def _write(condition: Condition, dialect: Dialect) -> str:
    if isinstance(condition, Compare):
        if dialect == "limesurvey":
            return f"({_ls_ref(condition.ref)} {_LS_OPS[condition.op]} {_quote(condition.value, chr(34))})"
        if dialect == "redcap":
            return f"[{_rc_ref(condition.ref)}] {_RC_OPS[condition.op]} {_quote(condition.value, chr(34))}"
        return f"${{{_xf_ref(condition.ref)}}} {_XF_OPS[condition.op]} {_quote(condition.value, chr(39))}"
    if isinstance(condition, Selected):
        if dialect == "limesurvey":
            return f'({condition.ref}_{condition.code}.NAOK == "Y")'
        if dialect == "redcap":
            return f'[{condition.ref}({condition.code})] = "1"'
        return f"selected(${{{condition.ref}}}, {_quote(condition.code, chr(39))})"
    if isinstance(condition, Answered):
        if dialect == "limesurvey":
            return f"!is_empty({condition.ref}.NAOK)"
        if dialect == "redcap":
            return f'[{condition.ref}] <> ""'
        return f"${{{condition.ref}}} != ''"
    if isinstance(condition, Not):
        if isinstance(condition.operand, Answered):
            ref = condition.operand.ref
            return {
                "limesurvey": f"is_empty({ref}.NAOK)",
                "redcap": f'[{ref}] = ""',
                "xlsform": f"${{{ref}}} = ''",
            }[dialect]
        inner = _write(condition.operand, dialect)
        if dialect == "limesurvey":
            return f"!({inner})"
        if dialect == "xlsform":
            return f"not({inner})"
        if isinstance(condition.operand, Selected):  # an unticked box is stored as "0"
            return f'[{condition.operand.ref}({condition.operand.code})] = "0"'
        raise ConditionSyntaxError("REDCap branching logic has no 'not'")  # _push_not removes the others
    joiner = " and " if isinstance(condition, All) else " or "
    parts = [_write(op, dialect) for op in condition.operands]
    return "(" + joiner.join(parts) + ")"


def _rc_ref(ref: str) -> str:
    return ref


def _xf_ref(ref: str) -> str:
    return ref


_NEGATED: dict[CompareOp, CompareOp] = {"=": "!=", "!=": "=", ">": "<=", ">=": "<", "<": ">=", "<=": ">"}


def _push_not(condition: Condition, negate: bool = False) -> Condition:
    """REDCap has no `not`: push negations down to comparisons (De Morgan)."""
    if isinstance(condition, Not):
        return _push_not(condition.operand, not negate)
    if isinstance(condition, Compare):
        return Compare(condition.ref, _NEGATED[condition.op], condition.value) if negate else condition
    if isinstance(condition, Selected | Answered):
        return Not(condition) if negate else condition  # [q(code)] = "0", [q] = ""
    operands = tuple(_push_not(op, negate) for op in condition.operands)
    if isinstance(condition, All):
        return AnyOf(operands) if negate else All(operands)
    return All(operands) if negate else AnyOf(operands)


# ---- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # ref, str, num, op, and, or, not, lp, rp, comma, func, true
    text: str


_TOKEN_RES: dict[Dialect, list[tuple[str, str]]] = {
    "limesurvey": [
        ("ws", r"\s+"),
        ("str", r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''),
        ("num", r"-?\d+(?:\.\d+)?"),
        ("op", r"==|!=|>=|<=|>|<|\beq\b|\bne\b|\bge\b|\ble\b|\bgt\b|\blt\b"),
        ("and", r"&&|\band\b"),
        ("or", r"\|\||\bor\b"),
        ("not", r"!(?!=)"),
        ("func", r"\bis_empty\s*(?=\()"),
        ("lp", r"\("),
        ("rp", r"\)"),
        ("ref", r"\{?[A-Za-z_][A-Za-z0-9_]*(?:\.(?:NAOK|value|code))?\}?"),
    ],
    "redcap": [
        ("ws", r"\s+"),
        ("str", r'"[^"]*"|\'[^\']*\''),
        ("num", r"-?\d+(?:\.\d+)?"),
        ("op", r"<>|!=|>=|<=|=|>|<"),
        ("and", r"\band\b|\bAND\b"),
        ("or", r"\bor\b|\bOR\b"),
        ("lp", r"\("),
        ("rp", r"\)"),
        ("ref", r"\[[a-z][a-z0-9_]*(?:\([A-Za-z0-9_\-]+\))?\]"),
    ],
    "xlsform": [
        ("ws", r"\s+"),
        ("str", r'"[^"]*"|\'[^\']*\''),
        ("num", r"-?\d+(?:\.\d+)?"),
        ("op", r"!=|>=|<=|=|>|<"),
        ("and", r"\band\b"),
        ("or", r"\bor\b"),
        ("func", r"\b(?:selected|not|true)\s*(?=\()"),
        ("lp", r"\("),
        ("rp", r"\)"),
        ("comma", r","),
        ("ref", r"\$\{[A-Za-z_][A-Za-z0-9_.\-]*\}"),
    ],
}

_OP_WORDS: dict[str, CompareOp] = {
    "==": "=",
    "=": "=",
    "eq": "=",
    "!=": "!=",
    "<>": "!=",
    "ne": "!=",
    ">": ">",
    "gt": ">",
    ">=": ">=",
    "ge": ">=",
    "<": "<",
    "lt": "<",
    "<=": "<=",
    "le": "<=",
}
_MIRROR: dict[CompareOp, CompareOp] = {"=": "=", "!=": "!=", ">": "<", ">=": "<=", "<": ">", "<=": ">="}


def _tokenize(text: str, dialect: Dialect) -> list[_Tok]:
    spec = _TOKEN_RES[dialect]
    pattern = re.compile("|".join(f"(?P<{name}_{i}>{rx})" for i, (name, rx) in enumerate(spec)))
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        match = pattern.match(text, pos)
        if match is None or match.end() == pos:
            raise ConditionSyntaxError(f"cannot read {text[pos : pos + 20]!r} at character {pos + 1}")
        kind = (match.lastgroup or "").rsplit("_", 1)[0]
        if kind != "ws":
            tokens.append(_Tok(kind, match.group(0)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Tok], dialect: Dialect) -> None:
        self.tokens = tokens
        self.pos = 0
        self.dialect = dialect

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise ConditionSyntaxError("expression ends too early")
        if kind is not None and tok.kind != kind:
            raise ConditionSyntaxError(f"expected {kind} but found {tok.text!r}")
        self.pos += 1
        return tok

    def parse(self) -> Condition:
        result = self.or_()
        if self.peek() is not None:
            raise ConditionSyntaxError(f"unexpected {self.peek().text!r}")  # type: ignore[union-attr]
        return result

    def or_(self) -> Condition:
        parts = [self.and_()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def and_(self) -> Condition:
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind == "and":
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def unary(self) -> Condition:
        tok = self.peek()
        if tok is None:
            raise ConditionSyntaxError("expression ends too early")
        if tok.kind == "not":
            self.take()
            return Not(self.unary())
        if tok.kind == "func":
            name = self.take().text.strip()
            self.take("lp")
            if name == "not":
                inner = self.or_()
                self.take("rp")
                return Not(inner)
            if name == "is_empty":
                ref = self._ref_name(self.take("ref"))
                self.take("rp")
                return Not(Answered(ref))
            if name == "selected":
                ref = self._ref_name(self.take("ref"))
                self.take("comma")
                code = self.take("str").text[1:-1]
                self.take("rp")
                return Selected(ref, code)
            raise ConditionSyntaxError(f"function {name}() is not supported")
        if tok.kind == "lp":
            self.take()
            inner = self.or_()
            self.take("rp")
            return inner
        return self.comparison()

    def comparison(self) -> Condition:
        left = self.take()
        op_tok = self.take("op")
        right = self.take()
        op = _OP_WORDS[op_tok.text]
        for ref_tok, lit in ((left, right), (right, left)):
            if ref_tok.kind == "ref" and lit.kind == "str" and lit.text[1:-1] == "" and op in ("=", "!="):
                answered = Answered(self._ref_name(ref_tok))
                return answered if op == "!=" else Not(answered)
        if left.kind == "ref" and right.kind in ("str", "num"):
            return Compare(self._ref_name(left), op, _literal(right))
        if right.kind == "ref" and left.kind in ("str", "num"):
            return Compare(self._ref_name(right), _MIRROR[op], _literal(left))
        raise ConditionSyntaxError(
            f"can only compare a question with a constant, not {left.text} {op_tok.text} {right.text}"
        )

    def _ref_name(self, tok: _Tok) -> str:
        if tok.kind != "ref":
            raise ConditionSyntaxError(f"expected a question reference, found {tok.text!r}")
        text = tok.text
        if self.dialect == "limesurvey":
            return text.strip("{}").split(".", 1)[0]
        if self.dialect == "redcap":
            return text[1:-1]
        return text[2:-1]


def _literal(tok: _Tok) -> str | Decimal:
    if tok.kind == "num":
        try:
            return Decimal(tok.text)
        except InvalidOperation as exc:  # pragma: no cover - the token regex only lets numbers through
            raise ConditionSyntaxError(f"bad number {tok.text!r}") from exc
    return tok.text[1:-1]


# How a reader resolves names to questions: kind of a question code, or None when unknown.
KindOf = Callable[[str], str | None]


def parse(text: str, dialect: Dialect, kind_of: KindOf) -> Condition | None:
    """Read one expression; None when it means "always" (empty, "1", "true()")."""
    stripped = text.strip()
    if stripped in ("", "1", "true()", "true"):
        return None
    condition = _Parser(_tokenize(stripped, dialect), dialect).parse()
    return _resolve(condition, dialect, kind_of)


def _resolve(condition: Condition, dialect: Dialect, kind_of: KindOf) -> Condition:
    """Turn format idioms into Selected/typed values, using what the form knows about each question."""
    if isinstance(condition, Not):
        if isinstance(condition.operand, Not):  # !is_empty(x) reads as not(not(answered))
            return _resolve(condition.operand.operand, dialect, kind_of)
        return Not(_resolve(condition.operand, dialect, kind_of))
    if isinstance(condition, All | AnyOf):
        operands = tuple(_resolve(op, dialect, kind_of) for op in condition.operands)
        return All(operands) if isinstance(condition, All) else AnyOf(operands)
    if isinstance(condition, Selected):
        _require(condition.ref, kind_of, ("multiple",))
        return condition
    if isinstance(condition, Answered):
        _require(condition.ref, kind_of, ("number", "range", "single", "multiple", "text", "matrix"))
        return condition
    ref = condition.ref
    # A ticked box: q_A1 == "Y" (LimeSurvey), [q(a1)] = "1" (REDCap).
    box = None
    if dialect == "redcap" and (m := re.fullmatch(r"([a-z][a-z0-9_]*)\(([A-Za-z0-9_\-]+)\)", ref)):
        box = (m.group(1), m.group(2), {"1": True, "0": False})
    elif dialect == "limesurvey" and kind_of(ref) is None and "_" in ref:
        head, _, tail = ref.rpartition("_")
        if kind_of(head) == "multiple":
            box = (head, tail, {"Y": True, "": False})
    if box is not None:
        question, code, truth = box
        _require(question, kind_of, ("multiple",))
        value = str(condition.value) if isinstance(condition.value, Decimal) else condition.value
        if condition.op not in ("=", "!=") or value not in truth:
            raise ConditionSyntaxError(f"cannot read the test on choice {code!r} of {question!r}")
        ticked = truth[value] == (condition.op == "=")
        return Selected(question, code) if ticked else Not(Selected(question, code))
    kind = _require(ref, kind_of, ("number", "single", "range", "text"))
    if kind in ("number", "range"):
        try:
            return Compare(ref, condition.op, Decimal(str(condition.value)))
        except InvalidOperation as exc:
            raise ConditionSyntaxError(
                f"{ref!r} is a number but is compared with {condition.value!r}"
            ) from exc
    value = condition.value if isinstance(condition.value, str) else format(condition.value, "f")
    return Compare(ref, condition.op, value)


def _require(ref: str, kind_of: KindOf, kinds: tuple[str, ...]) -> str:
    kind = kind_of(ref)
    if kind is None:
        raise ConditionSyntaxError(f"refers to unknown question {ref!r}")
    if kind not in kinds:
        raise ConditionSyntaxError(f"question {ref!r} ({kind}) cannot be tested this way")
    return kind
