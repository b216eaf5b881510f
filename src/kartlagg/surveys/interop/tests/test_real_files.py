"""Real LimeSurvey, REDCap and XLSForm files parse into the neutral form, or are refused by name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kartlagg.surveys.interop import lss, redcap, xlsform
from kartlagg.surveys.interop.exceptions import MalformedFileError
from kartlagg.surveys.interop.form import All, Compare, Option


def test_a_limesurvey_2_structure_parses(fixtures: Path) -> None:
    path = fixtures / "limesurvey/lindsay-stevens_a_rather_interesting_questionnaire_for_testing.lss"
    structure = lss.read_lss(path.read_bytes(), name=path.name)
    form = structure.form
    assert structure.db_version == 261
    assert form.languages == ["en"]
    assert form.title == {"en": "A Rather Interesting Questionnaire for Testing"}
    assert [(q.code, q.kind) for q in form.questions] == [
        ("cob", "text"),
        ("yob", "number"),
        ("fcol", "single"),
    ]
    yob = form.question("yob")
    assert (yob.minimum, yob.maximum) == (Decimal(1850), Decimal(2050))
    assert form.question("fcol").choices[:2] == [Option("1", {"en": "Red"}), Option("2", {"en": "Green"})]
    assert [g.label for g in form.groups] == [{"en": "Demographics"}]
    assert structure.columns == {
        "772267X1X1": ("cob", ""),
        "772267X1X2": ("yob", ""),
        "772267X1X3": ("fcol", ""),
        "772267X1X3other": ("fcol", "other"),
    }


def test_a_limesurvey_6_structure_in_two_languages_parses(fixtures: Path) -> None:
    path = fixtures / "limesurvey/tonisormisson_survey-one-question-two-languages.lss"
    form = lss.read_lss(path.read_bytes()).form
    assert form.languages == ["en", "et"]
    assert [(q.code, q.kind, q.multiline, sorted(q.label)) for q in form.questions] == [
        ("Q1", "text", True, ["en", "et"])
    ]
    assert [g.label for g in form.groups] == [{"en": "G1", "et": "G1"}]


def test_the_shared_limesurvey_files_parse(shared_data: Path) -> None:
    folder = shared_data / "survey-formats" / "limesurvey"
    blank = lss.read_lss((folder / "tonisormisson_blank-survey.lss").read_bytes()).form
    assert [(q.code, q.label) for q in blank.questions] == [("Q00", {"en": "this is an example question"})]
    old = lss.read_lss((folder / "mayeulk_limesurvey_survey_981966.lss").read_bytes())
    assert old.db_version == 177
    assert len(old.form.questions) == 26
    kinds = [q.kind for q in old.form.questions]
    assert (kinds.count("text"), kinds.count("single"), kinds.count("unsupported")) == (18, 7, 1)
    # Its relevance equations are read as conditions.
    assert old.form.question("q1statusreviewer").condition == Compare("user", "=", "2")
    assert old.form.question("notanswered").source_type == "* (equation)"


def test_a_file_that_is_not_a_survey_structure_is_refused(shared_data: Path) -> None:
    responses = (shared_data / "survey-formats/limesurvey/mayeulk_survey_981966_responses.lsr").read_bytes()
    with pytest.raises(MalformedFileError) as refused:
        lss.read_lss(responses, name="responses.lsr")
    assert (
        str(refused.value) == "refused, nothing stored: responses.lsr, field 'LimeSurveyDocType': "
        "is 'Responses', expected 'Survey'"
    )
    with pytest.raises(MalformedFileError, match=r"x.lss: not well-formed XML at line 1, column 29"):
        lss.read_lss(b"<document><LimeSurveyDocType>", name="x.lss")


def test_xml_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<document>&b;</document>"
    )
    with pytest.raises(MalformedFileError, match="refused unsafe XML"):
        lss.read_lss(bomb, name="bomb.lss")


def test_redcap_dictionaries_parse(fixtures: Path) -> None:
    simple = redcap.read_dictionary((fixtures / "redcap/simple/dictionary.csv").read_text(encoding="utf-8"))
    assert simple.record_id == "record_id"
    assert simple.forms == ["demographics", "health", "race_and_ethnicity"]
    kinds = {q.code: q.kind for q in simple.form.questions}
    assert kinds == {
        "name_first": "text", "name_last": "text", "address": "text", "telephone": "text", "email": "text",
        "dob": "unsupported", "age": "text", "sex": "single", "height": "number", "weight": "number",
        "bmi": "unsupported", "comments": "text", "mugshot": "unsupported", "race": "multiple",
        "ethnicity": "single",
    }  # fmt: skip
    assert simple.form.question("sex").choices == [Option("0", {"en": "Female"}), Option("1", {"en": "Male"})]
    weight = simple.form.question("weight")
    assert (weight.integer, weight.minimum, weight.maximum) == (True, Decimal(35), Decimal(200))
    assert simple.columns["race___6"] == ("race", "6")
    checkboxes = redcap.read_dictionary(
        (fixtures / "redcap/checkboxes-1/dictionary.csv").read_text(encoding="utf-8")
    )
    assert [c.code for c in checkboxes.form.question("check_two").choices] == ["a", "b", "c", "d", "e"]


def test_the_longitudinal_dictionary_reads_branching_logic_and_matrices(shared_data: Path) -> None:
    path = shared_data / "survey-formats/redcap/longitudinal/dictionary.csv"
    form = redcap.read_dictionary(path.read_text(encoding="utf-8")).form
    assert form.question("num_children").condition == All(
        (Compare("sex", "=", "0"), Compare("given_birth", "=", "1"))
    )
    schedule = form.question("weekly_schedule")
    assert schedule.kind == "matrix"
    assert [r.code for r in schedule.rows] == ["gym", "aerobics", "eat", "drink"]
    assert [c.code for c in schedule.columns] == ["0", "1", "2", "3", "4"]
    assert {c.cell for c in schedule.columns} == {"boolean"}
    for project in ("simple", "survey", "checkboxes-1"):
        redcap.read_dictionary(
            (shared_data / f"survey-formats/redcap/{project}/dictionary.csv").read_text(encoding="utf-8")
        )


def test_the_redcap_api_metadata_export_parses_like_the_dictionary(shared_data: Path, fixtures: Path) -> None:
    metadata = (shared_data / "survey-formats/redcap/simple/metadata.csv").read_text(encoding="utf-8")
    from_api = {q.code: (q.kind, q.choices) for q in redcap.read_dictionary(metadata).form.questions}
    path = fixtures / "redcap/simple/dictionary.csv"
    from_dictionary = {
        q.code: (q.kind, q.choices)
        for q in redcap.read_dictionary(path.read_text(encoding="utf-8")).form.questions
    }
    assert from_api.keys() == from_dictionary.keys()
    # The two files differ in one field: in the API metadata "age" is a calculation.
    assert [code for code in from_api if from_api[code] != from_dictionary[code]] == ["age"]
    assert from_api["age"] == ("unsupported", [])


def test_a_dictionary_with_a_bad_row_is_refused_naming_row_and_column(fixtures: Path) -> None:
    text = (fixtures / "redcap/checkboxes-1/dictionary.csv").read_text(encoding="utf-8")
    broken = text.replace('"1, one|2, two', '"1 one|2, two')
    with pytest.raises(MalformedFileError) as refused:
        redcap.read_dictionary(broken, name="dictionary.csv")
    assert str(refused.value) == (
        "refused, nothing stored: dictionary.csv, row 2, field 'Choices, Calculations, OR Slider Labels': "
        "choice '1 one' is not 'code, label'"
    )
    with pytest.raises(MalformedFileError, match="not REDCap's data dictionary header"):
        redcap.read_dictionary("name,type\nx,text\n", name="other.csv")


def test_xlsforms_saved_as_csv_parse(fixtures: Path) -> None:
    yes_no = xlsform.read_xlsform_csv(
        (fixtures / "xlsform/pyxform_yes_or_no_question.csv").read_text(encoding="utf-8")
    ).form
    assert yes_no.languages == ["en"]  # "label:english" names the language; kartlagg keys texts by code
    question = yes_no.question("good_day")
    assert (question.kind, question.label) == ("single", {"en": "have you had a good day today?"})
    assert question.choices == [Option("yes", {"en": "yes"}), Option("no", {"en": "no"})]
    other = xlsform.read_xlsform_csv(
        (fixtures / "xlsform/pyxform_specify_other.csv").read_text(encoding="utf-8")
    ).form
    assert other.question("sex").choice_codes() == ["male", "female"]
    assert other.warnings == [
        "sex: 'or specify other' has no place in kartlagg; the free 'other' text is not read"
    ]


EXPECTED_XLSFORM = {
    "pyxform_case_insensitivity.csv": [("q1", "single"), ("q2", "unsupported"), ("q3", "unsupported")],
    "pyxform_gps.csv": [("location", "unsupported")],
    "pyxform_group.csv": [("family_name", "text"), ("phone_number", "unsupported"), ("age", "number")],
    "pyxform_include.csv": [("name", "text"), ("yes_or_no_question", "unsupported")],
    "pyxform_loop.csv": [("available_toilet_types", "multiple"), ("number", "number")],
    "pyxform_simple_loop.csv": [("count", "number")],
    "pyxform_specify_other.csv": [("sex", "single")],
    "pyxform_text_and_integer.csv": [("your_name", "text"), ("your_age", "number")],
    "pyxform_utf_csv.csv": [("burger_toppings", "text")],
    "pyxform_yes_or_no_question.csv": [("good_day", "single")],
}


def test_every_shared_xlsform_parses(shared_data: Path) -> None:
    folder = shared_data / "survey-formats" / "xlsform"
    for name, expected in EXPECTED_XLSFORM.items():
        form = xlsform.read_xlsform_csv((folder / name).read_text(encoding="utf-8"), name=name).form
        assert [(q.code, q.kind) for q in form.questions] == expected, name
    widgets = xlsform.read_xlsform_csv((folder / "pyxform_widgets.csv").read_text(encoding="utf-8")).form
    assert len(widgets.questions) == 21
    assert widgets.question("my_int").kind == "number"
    assert widgets.question("my_decimal").integer is False
    assert widgets.question("my_select").choice_codes() == ["a", "b", "c", "d"]
