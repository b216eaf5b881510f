"""Each source format becomes the same normalised AdRecord."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kartlagg.ads.exceptions import MalformedRecord, MappingError, UnknownFormatError
from kartlagg.ads.ingest.generic import ColumnMapping, GenericAdapter
from kartlagg.ads.ingest.reading import iter_csv, iter_document, iter_lines
from kartlagg.ads.ingest.registry import choose_adapter
from kartlagg.ads.record import AdRecord


def records(path: Path, mapping: ColumnMapping | None = None) -> list[AdRecord]:
    adapter, layout = choose_adapter(path, mapping=mapping)
    if layout.layout == "document":
        return [adapter.to_record(raw, f"#{n}") for n, raw in iter_document(path, layout.document_prefix)]
    if layout.layout == "csv":
        return [adapter.to_record(row, f":{n}") for n, row in iter_csv(path)]
    return [adapter.to_record(line, f":{n}") for _label, n, line in iter_lines(path)]


def test_jobsearch_elasticsearch_response(fixtures: Path) -> None:
    adapter, layout = choose_adapter(fixtures / "jobsearch_es_response_2ads_2019.json")
    assert (adapter.name, layout.layout, layout.document_prefix) == (
        "jobtech-jobsearch",
        "document",
        "hits.hits.item",
    )
    first = records(fixtures / "jobsearch_es_response_2ads_2019.json")[0]
    assert (first.source, first.source_id, first.headline) == ("jobtech", "23174210", "Java-utvecklare")
    assert (first.employer_name, first.employer_org_number) == ("Not4real dream business AB", "1222124758")
    assert (first.country, first.region, first.municipality) == ("SE", "Stockholms län", "Stockholm")
    assert first.published == dt.date(2019, 3, 13)
    assert first.occupation_codes["ssyk"] == "2512"
    assert first.language == "sv"
    assert first.text.startswith("Är du en Java-utvecklare")


def test_legacy_import_format(fixtures: Path) -> None:
    adapter, _layout = choose_adapter(fixtures / "legacy_af_annons_2ads.json")
    assert adapter.name == "jobtech-legacy"
    norlandia = records(fixtures / "legacy_af_annons_2ads.json")[0]
    assert (norlandia.source, norlandia.source_id) == ("jobtech", "23483261")
    assert norlandia.employer_name == "Norlandia Care AB"
    assert (norlandia.region, norlandia.municipality, norlandia.positions) == ("Uppsala län", "Knivsta", 10)
    assert norlandia.published == dt.date(2019, 8, 23)


def test_legacy_ad_and_its_jobsearch_conversion_have_one_identity(fixtures: Path) -> None:
    legacy = {r.source_id: r for r in records(fixtures / "legacy_af_annons_2ads_b.json")}
    converted = records(fixtures / "legacy_expected_after_conversion.json")[0]
    assert (converted.source, converted.source_id) in {(r.source, r.source_id) for r in legacy.values()}


def test_nav_pam_page(fixtures: Path) -> None:
    adapter, layout = choose_adapter(fixtures / "nav_pam_page_5ads.json")
    assert (adapter.name, layout.document_prefix) == ("nav-pam", "content.item")
    ads = records(fixtures / "nav_pam_page_5ads.json")
    assert len(ads) == 5
    first = ads[0]
    assert (first.source, first.source_id) == ("nav", "5e80d029-bd08-43ab-a6ce-b57a0e47f52b")
    assert first.headline == "Elektrikere og svakstrømsmontører"
    assert first.occupation_codes == {"styrk": "7411.01", "isco": "7411"}
    assert (first.country, first.region, first.municipality) == ("NO", "Vestfold", "Sandefjord")
    assert (first.published, first.removed, first.positions) == (
        dt.date(2018, 11, 29),
        dt.date(2018, 12, 2),
        2,
    )
    assert first.language == "no"
    assert "<p>" not in first.text and "Arbeidsoppgaver" in first.text


def test_historical_json_lines(fixtures: Path) -> None:
    adapter, layout = choose_adapter(fixtures / "historical_sample.jsonl")
    assert (adapter.name, layout.layout) == ("jobtech-historical", "lines")
    ads = records(fixtures / "historical_sample.jsonl")
    assert [a.language for a in ads[:4]] == ["sv", "en", "da", "no"]
    assert ads[2].country == "DK" and ads[3].country == "NO"


def test_generic_csv_with_mapping(fixtures: Path) -> None:
    mapping = ColumnMapping.from_file(fixtures / "career_page_mapping.yaml")
    adapter = GenericAdapter(mapping)
    rows = list(iter_csv(fixtures / "career_page.csv"))
    first = adapter.to_record(rows[0][1], "career_page.csv:2")
    assert (first.source, first.source_id, first.country, first.municipality) == (
        "careers-example",
        "CP-17",
        "SE",
        "Stockholm",
    )
    with pytest.raises(MalformedRecord) as bad_date:
        adapter.to_record(rows[3][1], "x")
    assert bad_date.value.reason == "impossible-date"
    with pytest.raises(MalformedRecord) as empty:
        adapter.to_record(rows[4][1], "x")
    assert empty.value.reason == "missing-text"


def test_a_mapping_must_name_id_and_text() -> None:
    with pytest.raises(MappingError, match="source_id"):
        ColumnMapping.from_dict({"source": "x", "columns": {"text": "body"}})
    with pytest.raises(MappingError, match="unknown field"):
        ColumnMapping.from_dict({"source": "x", "columns": {"source_id": "a", "text": "b", "salary": "c"}})


def test_csv_without_mapping_is_refused(fixtures: Path) -> None:
    with pytest.raises(UnknownFormatError, match="mapping"):
        choose_adapter(fixtures / "career_page.csv")


def test_bad_json_is_a_malformed_record(fixtures: Path) -> None:
    adapter, _ = choose_adapter(fixtures / "historical_sample.jsonl")
    with pytest.raises(MalformedRecord) as exc:
        adapter.to_record(b'{"id": "1", "headline": ', "x")
    assert exc.value.reason == "bad-json"
