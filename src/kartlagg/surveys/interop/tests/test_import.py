"""Foreign response exports land in a survey round through the surveys app's services, or not at all."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.surveys import services as survey_services
from kartlagg.surveys.instrument import Instrument, instrument_from_dict
from kartlagg.surveys.interop import lss, redcap
from kartlagg.surveys.interop.exceptions import MalformedFileError
from kartlagg.surveys.interop.export import instrument_export
from kartlagg.surveys.interop.instrument import instrument_dict_from_form
from kartlagg.surveys.interop.services import responses_import_file
from kartlagg.surveys.models import AuditEntry, Round, SurveyResponse

pytestmark = pytest.mark.django_db

# A LimeSurvey CSV export ("question code" headings, answer codes) of a survey made from the ATMP .lss.
LIMESURVEY_CSV = """\
id,token,submitdate,lastpage,startlanguage,orgtype,orgsize,atmpstaff,recruitmentbyareahir[cmc_min],\
recruitmentbyareahir[cmc_max],recruitmentbyareahir[gmpproduction_min],recruitmentbyareahir[gmpproduction_max],\
hardtofind[cmc],hardtofind[gmpproduction],willing,contributionoffered[thesis],contributioncapacity[thesis],comments
1,bolag-a,2026-11-20 10:00:00,4,sv,compa,small,12,5,5,50,100,Y,,yes,Y,2,Bra enkät
2,region-b,,2,en,hospi,large,,,,,,,,maybe,,,
"""

BOLAG_A = {
    "org_type": "company_sme",
    "org_size": "small",
    "atmp_staff": 12,
    "recruitment_by_area": {
        "cmc": {"hires": {"min": 5, "max": 5}},
        "gmp-production": {"hires": {"min": 50, "max": 100}},
    },
    "hard_to_find": ["cmc"],
    "willing": "yes",
    "contribution": {"thesis": {"offered": True, "capacity": 2}},
    "comments": "Bra enkät",
}
REGION_B = {"org_type": "hospital_region", "org_size": "large", "willing": "maybe"}


def _round(instrument: Instrument | None = None) -> Round:
    version = (
        survey_services.instrument_install(instrument=instrument)
        if instrument
        else survey_services.instrument_install_shipped()
    )
    round_ = survey_services.round_create(
        title="Behov 2026", instrument=version, closes_at=timezone.now() + dt.timedelta(days=30)
    )
    return survey_services.round_open(round=round_)


def _orgs(*slugs: str) -> list[Organisation]:
    return [
        Organisation.objects.create(slug=s, name=f"Org {s}", kind=OrganisationKind.COMPANY_SME) for s in slugs
    ]


def _answers(round_: Round) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        r.organisation.slug: (r.status, r.answers)
        for r in SurveyResponse.objects.filter(round=round_).select_related("organisation")
    }


@pytest.fixture
def atmp_round() -> Round:
    _orgs("bolag-a", "region-b", "akademi-c")
    return _round()


def test_a_limesurvey_csv_export_lands_in_the_round(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "results-survey807044.csv"
    path.write_text(LIMESURVEY_CSV, encoding="utf-8")
    result = responses_import_file(round=atmp_round, path=path)
    assert (result.created, result.updated, result.unchanged, result.submitted, result.drafts) == (
        2,
        0,
        0,
        1,
        1,
    )
    assert _answers(atmp_round) == {"bolag-a": ("submitted", BOLAG_A), "region-b": ("draft", REGION_B)}
    stored = SurveyResponse.objects.get(round=atmp_round, organisation__slug="region-b")
    assert stored.language == "en"
    audit = AuditEntry.objects.filter(response__round=atmp_round)
    assert {(a.via, a.actor_label) for a in audit} == {("import", "import results-survey807044.csv")}
    assert audit.filter(kind="submit").count() == 1


def test_importing_the_same_file_again_changes_nothing(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(LIMESURVEY_CSV, encoding="utf-8")
    responses_import_file(round=atmp_round, path=path)
    audit_before = AuditEntry.objects.count()
    again = responses_import_file(round=atmp_round, path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == audit_before
    assert _answers(atmp_round)["bolag-a"] == ("submitted", BOLAG_A)


def test_a_bad_value_refuses_the_whole_file_naming_row_and_column(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(LIMESURVEY_CSV.replace("2,en,hospi,large", "2,en,hospi,huge"), encoding="utf-8")
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(round=atmp_round, path=path)
    assert refused.value.first.row == 2 and refused.value.first.field == "orgsize"
    assert str(refused.value).startswith(
        "refused, nothing stored: results.csv, row 2, field 'orgsize': 'huge' is not one of the choices"
    )
    # Row 1 was fine, but nothing at all was stored.
    assert SurveyResponse.objects.filter(round=atmp_round).count() == 0
    assert AuditEntry.objects.count() == 0


def test_every_fault_is_listed_and_an_unknown_organisation_is_named(
    atmp_round: Round, tmp_path: Path
) -> None:
    text = LIMESURVEY_CSV.replace("1,bolag-a,", "1,bolag-x,").replace(",12,5,5,50,100,", ",many,5,5,100,50,")
    path = tmp_path / "results.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(round=atmp_round, path=path)
    assert [str(p) for p in refused.value.problems] == [
        "results.csv, row 1, field 'atmpstaff': 'many' is not a number",
        "results.csv, row 1, field 'recruitmentbyareahir[gmpproduction_min]': "
        "range 100-50 has its minimum above its maximum",
        "results.csv, row 1, field 'token': 'bolag-x' is no organisation's slug or organisation number",
    ]


def test_a_response_marked_complete_must_be_complete(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(LIMESURVEY_CSV.replace("sv,compa,small,12", "sv,compa,,12"), encoding="utf-8")
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(round=atmp_round, path=path)
    assert (
        str(refused.value.first) == "results.csv, row 1, field 'orgsize (org_size)': "
        "This question needs an answer. (the row is marked complete)"
    )


def test_submitted_answers_are_not_overwritten(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(LIMESURVEY_CSV, encoding="utf-8")
    responses_import_file(round=atmp_round, path=path)
    path.write_text(LIMESURVEY_CSV.replace("Bra enkät", "Ändrad"), encoding="utf-8")
    with pytest.raises(
        MalformedFileError, match="row 1, field 'token': bolag-a already submitted other answers"
    ):
        responses_import_file(round=atmp_round, path=path)
    assert _answers(atmp_round)["bolag-a"][1]["comments"] == "Bra enkät"


def _renumbered_lss(data: bytes) -> bytes:
    """The survey as LimeSurvey gives it back after importing our .lss: new survey, group and question ids."""
    text = data.decode("utf-8")
    sid = re.search(r"<sid><!\[CDATA\[(\d+)\]\]></sid>", text).group(1)  # type: ignore[union-attr]
    text = text.replace(sid, "482913")

    def shift(match: re.Match[str]) -> str:
        tag, value = match.group(1), int(match.group(2))
        return f"<{tag}><![CDATA[{value + 1000 if value else 0}]]></{tag}>"

    return re.sub(r"<(qid|parent_qid|gid)><!\[CDATA\[(\d+)\]\]></\1>", shift, text).encode("utf-8")


def _lsr(structure: lss.LssStructure, rows: list[dict[str, str]]) -> bytes:
    """A LimeSurvey response file (.lsr) for the given (question, part) -> value rows."""
    by_key = {key: column for column, key in structure.columns.items()}
    fields = ["id", "token", "submitdate", "startlanguage", *structure.columns]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<document><LimeSurveyDocType>Responses</LimeSurveyDocType>'
    ]
    out.append("<DBVersion>630</DBVersion><languages><language>sv</language></languages><responses><fields>")
    out += [f"<fieldname>{f}</fieldname>" for f in fields]
    out.append("</fields><rows>")
    for i, values in enumerate(rows, start=1):
        out.append(f"<row><id>{i}</id>")
        for key, value in values.items():
            question, _, part = key.partition(":")
            tag = key if key in ("token", "submitdate", "startlanguage") else "_" + by_key[(question, part)]
            out.append(f"<{tag}><![CDATA[{value}]]></{tag}>")
        out.append("</row>")
    out.append("</rows></responses></document>")
    return "".join(out).encode("utf-8")


LSR_ROWS = [
    {
        "token": "akademi-c",
        "submitdate": "2026-11-21 09:00:00",
        "startlanguage": "sv",
        "orgtype:": "acade",
        "orgsize:": "mediu",
        "willing:": "no",
        "recruitmentbylevel:phd/recruitmentbylevelhi/max": "3",
        "hardtofind:bioinformatics": "Y",
    }
]


def test_a_limesurvey_response_file_is_read_through_the_renumbered_structure(
    atmp_round: Round, atmp: Instrument, tmp_path: Path
) -> None:
    renumbered = _renumbered_lss(instrument_export(instrument=atmp, format="lss"))
    structure = lss.read_lss(renumbered)
    assert structure.survey_id == "482913"
    (tmp_path / "survey_482913.lss").write_bytes(renumbered)
    (tmp_path / "survey_482913_responses.lsr").write_bytes(_lsr(structure, LSR_ROWS))
    result = responses_import_file(
        round=atmp_round,
        path=tmp_path / "survey_482913_responses.lsr",
        structure_path=tmp_path / "survey_482913.lss",
    )
    assert (result.created, result.submitted) == (1, 1)
    assert _answers(atmp_round) == {
        "akademi-c": (
            "submitted",
            {
                "org_type": "academic_unit",
                "org_size": "medium",
                "willing": "no",
                "recruitment_by_level": {"phd": {"hires": {"min": 3, "max": 3}}},
                "hard_to_find": ["bioinformatics"],
            },
        )
    }


def test_a_limesurvey_archive_carries_its_own_structure(
    atmp_round: Round, atmp: Instrument, tmp_path: Path
) -> None:
    renumbered = _renumbered_lss(instrument_export(instrument=atmp, format="lss"))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("survey_482913.lss", renumbered)
        zf.writestr("survey_482913_responses.lsr", _lsr(lss.read_lss(renumbered), LSR_ROWS))
    path = tmp_path / "survey_archive_482913.lsa"
    path.write_bytes(archive.getvalue())
    assert responses_import_file(round=atmp_round, path=path).submitted == 1
    assert _answers(atmp_round)["akademi-c"][1]["org_type"] == "academic_unit"


def test_a_lsr_without_its_structure_is_refused(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "responses.lsr"
    path.write_bytes(b"<document/>")
    with pytest.raises(MalformedFileError, match="give the survey's .lss too"):
        responses_import_file(round=atmp_round, path=path)


REDCAP_RECORDS = """\
record_id,org_type,org_size,atmp_staff,organisation_complete,recruitment_by_area_cmc_hires_min,\
recruitment_by_area_cmc_hires_max,hard_to_find___cmc,hard_to_find___bioinformatics,abroad_share,recruitment_complete,\
willing,contribution_thesis_offered,contribution_thesis_capacity,contribution_complete,comments,comments_complete
bolag-a,company_sme,small,12,2,5,10,1,0,25,2,yes,1,4,2,,2
region-b,hospital_region,,,1,,,0,0,,0,,,,0,,0
"""


def test_a_redcap_record_export_lands_in_the_round(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "ATMPDemand_DATA_2026-11-24.csv"
    path.write_text(REDCAP_RECORDS, encoding="utf-8")
    result = responses_import_file(round=atmp_round, path=path)
    assert (result.submitted, result.drafts) == (1, 1)
    assert _answers(atmp_round) == {
        "bolag-a": (
            "submitted",
            {
                "org_type": "company_sme",
                "org_size": "small",
                "atmp_staff": 12,
                "recruitment_by_area": {"cmc": {"hires": {"min": 5, "max": 10}}},
                "hard_to_find": ["cmc"],
                "abroad_share": 25,
                "willing": "yes",
                "contribution": {"thesis": {"offered": True, "capacity": 4}},
            },
        ),
        "region-b": ("draft", {"org_type": "hospital_region"}),
    }


def test_a_redcap_column_the_instrument_does_not_know_is_named(atmp_round: Round, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(REDCAP_RECORDS.replace("abroad_share", "abroad_percent"), encoding="utf-8")
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(round=atmp_round, path=path, source="redcap")
    assert (
        str(refused.value.first)
        == "records.csv, row 1, field 'abroad_percent': this column matches no field of the dictionary"
    )


# ---- the real sample files --------------------------------------------------------------------------


def test_the_real_limesurvey_responses_map_into_a_round_of_their_own_survey(shared_data: Path) -> None:
    folder = shared_data / "survey-formats" / "limesurvey"
    structure = folder / "mayeulk_limesurvey_survey_981966.lss"
    form = lss.read_lss(structure.read_bytes()).form
    instrument = instrument_from_dict(instrument_dict_from_form(form, instrument_id="rgi-2015-test"))
    assert len(instrument.questions) == 25  # the equation is computed, not asked
    round_ = _round(instrument)
    _orgs("1", "2")  # the survey's two tokens
    result = responses_import_file(
        round=round_, path=folder / "mayeulk_survey_981966_responses.lsr", structure_path=structure
    )
    assert (result.submitted, result.drafts) == (1, 1)
    answers = _answers(round_)
    assert answers["2"] == ("draft", {})
    status, first = answers["1"]
    assert status == "submitted"
    assert first["user"] == "2"
    assert first["q1researcher"] == "RS answer here"
    assert first["q1statusreviewer"] == "c2"  # LimeSurvey answer code "2" as a kartlagg code
    assert first["q2researcher"] == "c1"
    assert "q1statussupervisor" not in first  # answered "3", but hidden: its condition is user == "3"


def test_the_real_limesurvey_responses_are_refused_by_the_atmp_round(
    atmp_round: Round, shared_data: Path
) -> None:
    folder = shared_data / "survey-formats" / "limesurvey"
    _orgs("1", "2")  # the survey's tokens name organisations: what refuses the file is its questions
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(
            round=atmp_round,
            path=folder / "mayeulk_survey_981966_responses.lsr",
            structure_path=folder / "mayeulk_limesurvey_survey_981966.lss",
        )
    first = refused.value.first
    assert (first.file, first.row) == ("mayeulk_survey_981966_responses.lsr", 1)
    assert first.field == "981966X2X10 (user)"
    assert first.message == "There is no such question in this questionnaire."


def test_the_real_redcap_records_map_into_a_round_of_their_own_project(fixtures: Path) -> None:
    dictionary = fixtures / "redcap/checkboxes-1/dictionary.csv"
    form = redcap.read_dictionary(dictionary.read_text(encoding="utf-8")).form
    instrument = instrument_from_dict(instrument_dict_from_form(form, instrument_id="checkboxes-1"))
    round_ = _round(instrument)
    _orgs("1", "2", "3", "4")
    result = responses_import_file(
        round=round_, path=fixtures / "redcap/checkboxes-1/data.csv", structure_path=dictionary
    )
    assert (result.submitted, result.drafts) == (2, 2)
    answers = _answers(round_)
    assert answers["1"][0] == "submitted"
    assert {k: v for k, v in answers["1"][1].items() if k != "desired_result"} == {
        "check_one": ["c1"],
        "check_two": ["a", "c"],
    }
    assert answers["2"] == (
        "draft",
        {"check_two": ["b", "d"], "desired_result": answers["2"][1]["desired_result"]},
    )
    assert answers["3"][1]["check_one"] == ["c1", "c2", "c3", "c4"]
    assert answers["4"] == ("draft", {})


def test_the_real_redcap_simple_project_is_refused_naming_its_first_faults(fixtures: Path) -> None:
    dictionary = fixtures / "redcap/simple/dictionary.csv"
    form = redcap.read_dictionary(dictionary.read_text(encoding="utf-8")).form
    instrument = instrument_from_dict(instrument_dict_from_form(form, instrument_id="simple"))
    round_ = _round(instrument)
    _orgs("1", "2", "3", "4", "5")
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(
            round=round_, path=fixtures / "redcap/simple/data.csv", structure_path=dictionary
        )
    # Dates, calculations and uploads have no kartlagg question; REDCapR wrote the sex codes as TRUE/FALSE.
    assert [str(p) for p in refused.value.problems[:4]] == [
        "data.csv, row 1, field 'dob': an answer the instrument has no place for",
        "data.csv, row 1, field 'bmi': an answer the instrument has no place for",
        "data.csv, row 1, field 'mugshot': an answer the instrument has no place for",
        "data.csv, row 1, field 'sex': 'FALSE' is not one of the choices ['c0', 'c1']",
    ]
    assert SurveyResponse.objects.filter(round=round_).count() == 0


def test_a_closed_round_takes_no_imports(atmp_round: Round, tmp_path: Path) -> None:
    survey_services.round_close(round=atmp_round)
    path = tmp_path / "results.csv"
    path.write_text(LIMESURVEY_CSV, encoding="utf-8")
    with pytest.raises(MalformedFileError) as refused:
        responses_import_file(round=atmp_round, path=path)
    assert (
        str(refused.value.first) == f"results.csv: round {atmp_round.pk} (Behov 2026) is not open for answers"
    )
    assert SurveyResponse.objects.filter(round=atmp_round).count() == 0


def test_an_archive_without_its_response_file_is_refused(atmp_round: Round, tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("survey_1.lss", b"<document/>")
    path = tmp_path / "survey_archive_1.lsa"
    path.write_bytes(archive.getvalue())
    with pytest.raises(
        MalformedFileError, match=r"expected one .lss and one .lsr inside, found \['survey_1.lss'\]"
    ):
        responses_import_file(round=atmp_round, path=path)
    path.write_bytes(b"not a zip")
    with pytest.raises(MalformedFileError, match="not a LimeSurvey archive"):
        responses_import_file(round=atmp_round, path=path)


def test_an_export_with_labels_instead_of_codes_is_read_too(atmp_round: Round, tmp_path: Path) -> None:
    # REDCap "export labels" and LimeSurvey "full answers" write the choice text, in either language.
    path = tmp_path / "labels.csv"
    path.write_text(
        "record_id,org_type,org_size,willing,organisation_complete\n"
        "bolag-a,Small or medium-sized company,10–49 anställda,Ja,1\n",
        encoding="utf-8",
    )
    responses_import_file(round=atmp_round, path=path, source="redcap")
    assert _answers(atmp_round)["bolag-a"] == (
        "draft",
        {"org_type": "company_sme", "org_size": "small", "willing": "yes"},
    )
