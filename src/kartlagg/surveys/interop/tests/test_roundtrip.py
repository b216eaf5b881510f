"""An instrument written to each format and read back is the same instrument, as far as the format allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kartlagg.surveys.instrument import Instrument, instrument_from_dict
from kartlagg.surveys.interop import codes, conditions, lss, redcap, xlsform
from kartlagg.surveys.interop.conditions import Dialect
from kartlagg.surveys.interop.form import Form
from kartlagg.surveys.interop.instrument import form_from_instrument, instrument_dict_from_form

COMPARED = (
    "kind",
    "label",
    "help",
    "required",
    "group",
    "choices",
    "rows",
    "columns",
    "integer",
    "minimum",
    "maximum",
    "multiline",
    "condition",
)


def _lss(form: Form) -> Form:
    return codes.decode(lss.read_lss(lss.write_lss(form)).form, lss.lss_code_map(form))


def _redcap(form: Form) -> Form:
    return codes.decode(
        redcap.read_dictionary(redcap.write_dictionary(form)).form, redcap.redcap_code_map(form)
    )


def _xlsform(form: Form) -> Form:
    return codes.decode(
        xlsform.read_xlsform(xlsform.write_xlsform(form)).form, xlsform.xlsform_code_map(form)
    )


FORMATS: dict[str, tuple[Callable[[Form], Form], Dialect]] = {
    "lss": (_lss, "limesurvey"),
    "redcap": (_redcap, "redcap"),
    "xlsform": (_xlsform, "xlsform"),
}


def differences(original: Form, back: Form, dialect: Dialect) -> list[str]:
    found = []
    if original.title != back.title:
        found.append(f"title {original.title} != {back.title}")
    if original.languages != back.languages:
        found.append(f"languages {original.languages} != {back.languages}")
    if [q.code for q in original.questions] != [q.code for q in back.questions]:
        return found + [f"questions {[q.code for q in back.questions]}"]
    for a, b in zip(original.questions, back.questions, strict=True):
        for attr in COMPARED:
            expected: Any = getattr(a, attr)
            if attr == "condition":
                expected = conditions.normalise(expected, dialect)  # REDCap has no `not`: pushed inward
            if attr == "integer" and a.kind not in ("number", "range"):
                continue
            if expected != getattr(b, attr):
                found.append(f"{a.code}.{attr}: {expected!r} != {getattr(b, attr)!r}")
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_shipped_atmp_instrument_round_trips(fmt: str, atmp: Instrument) -> None:
    form = form_from_instrument(atmp)
    read_back, dialect = FORMATS[fmt]
    back = read_back(form)
    assert differences(form, back, dialect) == []
    assert back.warnings == []
    sections = [(s.id, s.title.to_dict(), s.intro.to_dict() if s.intro else {}) for s in atmp.sections]
    assert [(g.code, g.label, g.description) for g in back.groups] == sections


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_round_tripped_atmp_instrument_rebuilds_the_same_questions(fmt: str, atmp: Instrument) -> None:
    back = FORMATS[fmt][0](form_from_instrument(atmp))
    rebuilt = instrument_from_dict(
        instrument_dict_from_form(back, instrument_id=atmp.id, version=atmp.version)
    )
    fields = (
        "id",
        "type",
        "label",
        "help",
        "required",
        "options",
        "rows",
        "columns",
        "min",
        "max",
        "integer",
        "show_if",
    )
    for original, again in zip(atmp.questions, rebuilt.questions, strict=True):
        assert {f: getattr(again, f) for f in fields} == {f: getattr(original, f) for f in fields}
    assert [s.title for s in rebuilt.sections] == [s.title for s in atmp.sections]
    assert rebuilt.title == atmp.title


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_question_kind_cell_kind_and_condition_kind_round_trips(fmt: str, every_feature: Form) -> None:
    read_back, dialect = FORMATS[fmt]
    assert differences(every_feature, read_back(every_feature), dialect) == []


def test_codes_no_format_accepts_are_renamed_the_same_way_every_time(every_feature: Form) -> None:
    first, second = lss.lss_code_map(every_feature), lss.lss_code_map(every_feature)
    assert first == second
    assert first.questions["org-type"] == "orgtype"
    assert first.choices["org-type"] == {
        "small-medium-company": "small",
        "large-pharma": "large",
        "cdmo": "cdmo",
    }
    # Answer codes hold five letters or digits in LimeSurvey; two codes sharing a start get a counter.
    assert first.choices["org-type"]["large-pharma"] == "large"
    assert lss.lss_code_map(every_feature).choices["contribution/agree"] == {"yes": "yes", "no": "no"}
    # Multiple-choice options are subquestions there, which may hold twenty.
    assert first.choices["hard-to-find"]["clinical-trials"] == "clinicaltrials"
    assert first.choices["hard-to-find"]["leadership-project-management"] == "leadershipprojectman"
    # Every matrix column is a LimeSurvey question of its own: its code is unique among questions.
    assert first.columns["contribution"]["offered"] == "contributionoffered"
    rc = redcap.redcap_code_map(every_feature)
    assert rc.questions["employees-atmp"] == "employees_atmp"
    assert rc.choices["org-type"]["small-medium-company"] == "small_medium_company"
