"""Conditional display in each format's expression language, written and read back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kartlagg.surveys.interop import conditions
from kartlagg.surveys.interop.conditions import ConditionSyntaxError
from kartlagg.surveys.interop.form import All, Answered, AnyOf, Compare, Not, Selected

KINDS = {"org": "single", "staff": "number", "hard": "multiple", "note": "text"}.get

CASES = [
    (
        AnyOf((Compare("org", "=", "a1"), Compare("org", "=", "b2"))),
        '((org.NAOK == "a1") or (org.NAOK == "b2"))',
        '([org] = "a1" or [org] = "b2")',
        "(${org} = 'a1' or ${org} = 'b2')",
    ),
    (
        All((Compare("staff", ">=", Decimal("10")), Selected("hard", "gmp"))),
        '((staff.NAOK >= 10) and (hard_gmp.NAOK == "Y"))',
        '([staff] >= 10 and [hard(gmp)] = "1")',
        "(${staff} >= 10 and selected(${hard}, 'gmp'))",
    ),
    (
        Not(Selected("hard", "gmp")),
        '!((hard_gmp.NAOK == "Y"))',
        '[hard(gmp)] = "0"',
        "not(selected(${hard}, 'gmp'))",
    ),
    (Answered("note"), "!is_empty(note.NAOK)", '[note] <> ""', "${note} != ''"),
    (Not(Answered("note")), "is_empty(note.NAOK)", '[note] = ""', "${note} = ''"),
]


@pytest.mark.parametrize(("condition", "limesurvey", "redcap", "xlsform"), CASES)
def test_each_dialect_writes_and_reads_back(condition, limesurvey, redcap, xlsform) -> None:
    assert conditions.to_limesurvey(condition) == limesurvey
    assert conditions.to_redcap(condition) == redcap
    assert conditions.to_xlsform(condition) == xlsform
    assert conditions.parse(limesurvey, "limesurvey", KINDS) == condition
    assert conditions.parse(redcap, "redcap", KINDS) == condition
    assert conditions.parse(xlsform, "xlsform", KINDS) == condition


def test_redcap_has_no_not_so_negations_are_pushed_down() -> None:
    condition = Not(AnyOf((Compare("org", "=", "a1"), Compare("staff", "<", Decimal("5")))))
    assert conditions.to_redcap(condition) == '([org] <> "a1" and [staff] >= 5)'
    assert conditions.parse(conditions.to_redcap(condition), "redcap", KINDS) == conditions.normalise(
        condition, "redcap"
    )


def test_always_shown_is_no_condition() -> None:
    assert conditions.to_limesurvey(None) == "1"
    for text, dialect in (("1", "limesurvey"), ("", "redcap"), ("", "xlsform"), ("true()", "xlsform")):
        assert conditions.parse(text, dialect, KINDS) is None  # type: ignore[arg-type]


def test_real_expressions_from_the_sample_files() -> None:
    # LimeSurvey 1.9 relevance (mayeulk survey 981966) and REDCap branching logic (REDCapR longitudinal).
    assert conditions.parse('(user.NAOK == "2")', "limesurvey", {"user": "text"}.get) == Compare(
        "user", "=", "2"
    )
    assert conditions.parse(
        '[sex] = "0" and [given_birth] = "1"', "redcap", {"sex": "single", "given_birth": "single"}.get
    ) == All((Compare("sex", "=", "0"), Compare("given_birth", "=", "1")))
    assert conditions.parse("${q1} = 'yes'", "xlsform", {"q1": "single"}.get) == Compare("q1", "=", "yes")


def test_expressions_outside_the_subset_are_refused_with_the_reason() -> None:
    with pytest.raises(ConditionSyntaxError, match="refers to unknown question 'nobody'"):
        conditions.parse('[nobody] = "1"', "redcap", KINDS)
    with pytest.raises(ConditionSyntaxError, match=r"cannot read .count-selected.* at character 1"):
        conditions.parse("count-selected(${hard}) > 2", "xlsform", KINDS)
    with pytest.raises(ConditionSyntaxError, match="can only compare a question with a constant"):
        conditions.parse("staff.NAOK > org.NAOK", "limesurvey", KINDS)
    with pytest.raises(ConditionSyntaxError, match="is a number but is compared with 'many'"):
        conditions.parse("${staff} > 'many'", "xlsform", KINDS)
