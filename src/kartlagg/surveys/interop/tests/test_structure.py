"""Exported files have the structure of real LimeSurvey, REDCap and XLSForm files.

The references are real files (tests/fixtures, copied with attribution; more in the shared data folder).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import pytest
from openpyxl import load_workbook

from kartlagg.surveys.instrument import Instrument
from kartlagg.surveys.interop.export import instrument_export
from kartlagg.surveys.interop.xlsform import _sheets_from_csv

LS6_SAMPLE = "limesurvey/tonisormisson_survey-one-question-two-languages.lss"


def _root(data: bytes) -> Element:
    root = SafeET.fromstring(data)
    assert root is not None
    return root


def _fields(root: Element, section: str) -> list[str]:
    return [f.text or "" for f in root.findall(f"{section}/fields/fieldname")]


def test_lss_has_the_sections_and_columns_of_a_real_limesurvey_6_export(
    atmp: Instrument, fixtures: Path
) -> None:
    sample = _root((fixtures / LS6_SAMPLE).read_bytes())
    ours = _root(instrument_export(instrument=atmp, format="lss"))
    assert ours.tag == sample.tag == "document"
    assert ours.findtext("LimeSurveyDocType") == sample.findtext("LimeSurveyDocType") == "Survey"
    assert ours.findtext("DBVersion") == sample.findtext("DBVersion") == "630"
    sample_sections = [child.tag for child in sample]
    our_sections = [child.tag for child in ours]
    # Every section of the real file, in the same order; ours adds the tables a survey with choices needs.
    assert [s for s in our_sections if s in sample_sections] == sample_sections
    assert set(our_sections) - set(sample_sections) == {"answers", "answer_l10ns", "subquestions"}
    for section in sample_sections:
        if sample.find(f"{section}/fields") is not None:
            assert _fields(ours, section) == _fields(sample, section), section
    # Subquestions are question rows (LimeSurvey 6 writes them with the questions' columns).
    assert _fields(ours, "subquestions") == _fields(sample, "questions")
    assert _fields(ours, "answers") == ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"]
    assert _fields(ours, "answer_l10ns") == ["id", "aid", "answer", "language"]
    assert [lang.text for lang in ours.findall("languages/language")] == ["sv", "en"]
    # Every row carries exactly the table's columns, and every question has a text in both languages.
    for section in our_sections:
        names = _fields(ours, section)
        for row in ours.findall(f"{section}/rows/row"):
            assert [child.tag for child in row] == names, section
    qids = [
        row.findtext("qid")
        for row in ours.findall("questions/rows/row") + ours.findall("subquestions/rows/row")
    ]
    l10n = [
        (row.findtext("qid"), row.findtext("language")) for row in ours.findall("question_l10ns/rows/row")
    ]
    assert sorted(l10n) == sorted((q, lang) for q in qids for lang in ("sv", "en"))


def test_lss_matches_the_shared_ls6_files_too(atmp: Instrument, shared_data: Path) -> None:
    ours = _root(instrument_export(instrument=atmp, format="lss"))
    for name in ("tonisormisson_blank-survey.lss", "tonisormisson_survey-one-question-two-languages.lss"):
        sample = _root((shared_data / "survey-formats" / "limesurvey" / name).read_bytes())
        for section in sample:
            if section.find("fields") is not None:
                assert _fields(ours, section.tag) == _fields(sample, section.tag), (name, section.tag)


def test_redcap_dictionary_has_the_18_columns_of_a_real_dictionary(atmp: Instrument, fixtures: Path) -> None:
    text = instrument_export(instrument=atmp, format="redcap").decode("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    for sample in ("redcap/simple/dictionary.csv", "redcap/checkboxes-1/dictionary.csv"):
        real = next(csv.reader(io.StringIO((fixtures / sample).read_text(encoding="utf-8"))))
        assert header == real
    assert len(header) == 18
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert all(len(row) == 18 for row in rows)
    assert rows[0][:4] == ["record_id", "organisation", "", "text"]  # REDCap wants the record id first
    assert {row[3] for row in rows} <= {"text", "notes", "radio", "checkbox", "yesno"}


def test_redcap_dictionary_matches_every_shared_dictionary(atmp: Instrument, shared_data: Path) -> None:
    text = instrument_export(instrument=atmp, format="redcap").decode("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    for project in ("simple", "survey", "checkboxes-1", "longitudinal"):
        path = shared_data / "survey-formats" / "redcap" / project / "dictionary.csv"
        assert next(csv.reader(io.StringIO(path.read_text(encoding="utf-8")))) == header, project


def test_xlsform_has_the_sheets_and_columns_of_the_xlsform_spec(atmp: Instrument, fixtures: Path) -> None:
    book = load_workbook(io.BytesIO(instrument_export(instrument=atmp, format="xlsform")), read_only=True)
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey_header = [c for c in next(book["survey"].iter_rows(values_only=True))]
    choices_header = [c for c in next(book["choices"].iter_rows(values_only=True))]
    settings_header = [c for c in next(book["settings"].iter_rows(values_only=True))]
    assert survey_header[:6] == [
        "type",
        "name",
        "label::Svenska (sv)",
        "label::English (en)",
        "hint::Svenska (sv)",
        "hint::English (en)",
    ]
    assert {"required", "relevant", "constraint", "appearance"} <= set(survey_header)
    assert choices_header == ["list_name", "name", "label::Svenska (sv)", "label::English (en)"]
    assert settings_header[:4] == ["form_title", "form_id", "version", "default_language"]
    # The real pyxform forms use the same sheets, and their columns normalise to the same names.
    for sample in ("xlsform/pyxform_yes_or_no_question.csv", "xlsform/pyxform_specify_other.csv"):
        sheets = _sheets_from_csv((fixtures / sample).read_text(encoding="utf-8"))
        assert set(sheets) == {"survey", "choices"}
        assert {"type", "name"} <= set(sheets["survey"][0])
        assert {"list_name", "name"} <= set(sheets["choices"][0])


def test_pyxform_the_reference_implementation_converts_the_xlsform_without_warnings(
    atmp: Instrument, tmp_path: Path
) -> None:
    pyxform = pytest.importorskip("pyxform.xls2xform", reason="pyxform is in the test extras")
    path = tmp_path / "atmp.xlsx"
    path.write_bytes(instrument_export(instrument=atmp, format="xlsform"))
    result = pyxform.convert(xlsform=str(path))
    assert result.warnings == []
    xform = _root(result.xform.encode("utf-8"))
    binds = {b.get("nodeset"): b for b in xform.iter("{http://www.w3.org/2002/xforms}bind")}
    assert binds["/data/organisation/org_type"].get("required") == "true()"
    willing = "/data/contribution/willing"
    # Section and question share the id "contribution"; XLSForm names are one namespace, so the
    # question becomes contribution2 in the form (and contribution again when read back).
    assert (
        binds["/data/contribution/contribution2"].get("relevant")
        == f"( {willing}  = 'yes' or  {willing}  = 'maybe')"
    )
    assert binds["/data/organisation/atmp_staff"].get("constraint") == ". >= 0 and . <= 100000"
