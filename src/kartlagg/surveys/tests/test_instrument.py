"""The instrument as data: schema checks, round trip, answer validation, conditions."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from kartlagg.domainpack import load_domain_pack
from kartlagg.surveys.instrument import (
    InstrumentError,
    instrument_from_dict,
    instrument_to_dict,
    load_instrument_file,
    load_shipped_instrument,
    parse_range,
    validate_complete,
    validate_partial,
    visible_questions,
)
from kartlagg.surveys.instrument.answers import answers_from_form, format_range
from kartlagg.surveys.instrument.loader import instrument_hash


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English here (tests/test_i18n_catalogues.py checks the Swedish)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def atmp():
    return load_shipped_instrument()


def test_shipped_instrument_round_trips_through_plain_data(atmp) -> None:
    data = instrument_to_dict(atmp)
    assert instrument_from_dict(copy.deepcopy(data)) == atmp
    assert instrument_to_dict(instrument_from_dict(data)) == data


def test_shipped_instrument_asks_what_the_issue_lists(atmp) -> None:
    org_type = atmp.question("org_type")
    assert [o.code for o in org_type.options] == [
        "company_sme", "company_large_pharma", "cdmo", "hospital_region", "authority", "academic_unit",
        "infrastructure",
    ]  # fmt: skip
    assert [r.code for r in atmp.question("recruitment_by_level").rows] == [
        "vocational", "bachelor", "master", "phd", "specialist",
    ]  # fmt: skip
    assert [c.type for c in atmp.question("recruitment_by_area").columns] == ["range"]
    assert [r.code for r in atmp.question("contribution").rows] == [
        "teaching", "thesis", "internships", "industrial_phd", "guest_lectures", "gmp_access",
    ]  # fmt: skip
    assert {q.type for q in atmp.questions} == {
        "number",
        "single_choice",
        "multiple_choice",
        "matrix",
        "text",
    }
    assert all(q.label.sv and q.label.en for q in atmp.questions)


def test_competence_rows_are_exactly_the_taxonomy_areas(atmp) -> None:
    pack_ids = [a.id for a in load_domain_pack("atmp").areas]
    assert [r.code for r in atmp.question("recruitment_by_area").rows] == pack_ids
    assert [o.code for o in atmp.question("hard_to_find").options] == pack_ids
    assert len(pack_ids) == 20


def test_hash_changes_with_content_only(atmp) -> None:
    data = instrument_to_dict(atmp)
    same = instrument_from_dict(copy.deepcopy(data))
    data["sections"][0]["questions"][0]["label"]["en"] = "Changed?"
    assert instrument_hash(same) == instrument_hash(atmp)
    assert instrument_hash(instrument_from_dict(data)) != instrument_hash(atmp)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["sections"][0]["questions"][0].update(type="slider"),
            "questions[0] (org_type).type: 'slider'",
        ),
        (
            lambda d: d["sections"][0]["questions"][0]["label"].pop("en"),
            "(org_type).label: missing text in en",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(id="org_type"),
            "question id 'org_type' is used twice",
        ),
        (
            lambda d: d["sections"][2]["questions"][1]["show_if"].update({"in": ["perhaps"]}),
            "condition names unknown option(s) ['perhaps'] of 'willing'",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(
                show_if={"question": "comments", "answered": True}
            ),
            "'comments', which is not an earlier question",
        ),
        (lambda d: d["sections"][0]["questions"][2].update(min=5, max=1), "min 5 is above max 1"),
        (lambda d: d.update(version=""), "version: required"),
    ],
)
def test_malformed_instrument_is_refused_naming_the_place(atmp, mutate, message) -> None:
    data = instrument_to_dict(atmp)
    mutate(data)
    with pytest.raises(InstrumentError) as err:
        instrument_from_dict(data, source="x.yaml")
    assert message in str(err.value)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nversion: 1\ntitle: {sv: a, en: b\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"bad.yaml, line \d+: not valid YAML"):
        load_instrument_file(path)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("50–100", (50, 100)), ("50-100", (50, 100)), (" 5 - 10 ", (5, 10)), ("7", (7, 7)), (12, (12, 12)),
     ({"min": 1, "max": 3}, (1, 3)), ([2, 4], (2, 4)), ("1 200", (1200, 1200)), ("10 till 20", (10, 20))],
)  # fmt: skip
def test_parse_range_accepts_what_people_type(typed, expected) -> None:
    assert parse_range(typed) == expected


@pytest.mark.parametrize("typed", ["100–50", "many", "5–", True, {"min": 1}, "1.5-2"])
def test_parse_range_refuses_nonsense(typed) -> None:
    with pytest.raises(ValueError):
        parse_range(typed)


def test_format_range_shows_point_and_range() -> None:
    assert format_range({"min": 50, "max": 100}) == "50–100"
    assert format_range({"min": 7, "max": 7}) == "7"


def test_complete_validation_reports_required_and_bad_cells(atmp) -> None:
    result = validate_complete(
        atmp,
        {
            "org_type": "company_sme",
            "recruitment_by_area": {"cmc": {"hires": "lots"}, "gmp-production": {"hires": "10–5"}},
            "abroad_share": 140,
            "hard_to_find": [
                "cmc",
                "gmp-production",
                "in-vivo-models",
                "gene-editing",
                "bioinformatics",
                "qa-x",
            ],
        },
    )
    bad_range = "Enter a number, or a range such as 50–100 (lowest first)."
    assert result.errors == {
        "org_size": "This question needs an answer.",
        "recruitment_by_area.cmc.hires": bad_range,
        "recruitment_by_area.gmp-production.hires": bad_range,
        "abroad_share": "Enter a value between 0 and 100.",
        "hard_to_find": "Choose among the listed options.",
        "willing": "This question needs an answer.",
    }


def test_conditional_question_hidden_answers_are_dropped(atmp) -> None:
    answers = {
        "org_type": "cdmo",
        "org_size": "medium",
        "willing": "no",
        "contribution": {"thesis": {"offered": True, "capacity": 3}},
    }
    assert "contribution" not in [q.id for q in visible_questions(atmp, answers)]
    result = validate_complete(atmp, answers)
    assert result.ok
    assert "contribution" not in result.cleaned
    answers["willing"] = "maybe"
    assert validate_complete(atmp, answers).cleaned["contribution"] == {
        "thesis": {"offered": True, "capacity": 3}
    }


def test_partial_validation_keeps_good_answers_and_names_bad_ones(atmp) -> None:
    result = validate_partial(atmp, {"org_size": "huge", "atmp_staff": "12", "nonsense": 1})
    assert result.cleaned == {"atmp_staff": 12}
    assert set(result.errors) == {"org_size", "nonsense"}


def test_answers_from_form_reads_every_field_type(atmp) -> None:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(
        {
            "q__org_type": "cdmo",
            "q__recruitment_by_area__cmc__hires": "5-10",
            "q__contribution__thesis__offered": "1",
        }
    )
    data.setlist("q__hard_to_find", ["cmc", "in-vivo-models"])
    raw = answers_from_form(
        atmp, data, only={"org_type", "recruitment_by_area", "hard_to_find", "contribution"}
    )
    assert raw == {
        "org_type": "cdmo",
        "recruitment_by_area": {"cmc": {"hires": "5-10"}},
        "hard_to_find": ["cmc", "in-vivo-models"],
        "contribution": {"thesis": {"offered": True}},
    }
    cleaned = validate_partial(atmp, raw).cleaned
    assert cleaned["recruitment_by_area"] == {"cmc": {"hires": {"min": 5, "max": 10}}}
