"""The typed fast path for JobTech JSON Lines gives exactly the record the general path gives, or steps
aside (None) so the general path decides — never a different record, never a different error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.ads.exceptions import MalformedRecord
from kartlagg.ads.ingest.jobtech import jobtech_line, jobtech_record
from kartlagg.ads.ingest.jobtech_historical import ADAPTER as HISTORICAL

FIXTURES = Path(__file__).parent / "fixtures"


def general(line: bytes) -> Any:
    try:
        return jobtech_record(orjson.loads(line), "", source="jobtech")
    except MalformedRecord as exc:
        return ("malformed", exc.reason)


def fast(line: bytes) -> Any:
    try:
        return jobtech_line(line, "", source="jobtech")
    except MalformedRecord as exc:
        return ("malformed", exc.reason)


def test_every_real_historical_line_takes_the_fast_path_to_the_same_record() -> None:
    lines = [
        line for line in (FIXTURES / "historical_sample.jsonl").read_bytes().splitlines() if line.strip()
    ]
    assert lines
    for line in lines:
        if not line.startswith(b"{"):
            continue  # the fixture's deliberately broken lines are the general path's to report
        got = fast(line)
        assert got is not None
        assert got == general(line)


def test_an_elasticsearch_hit_goes_the_general_way() -> None:
    hit = orjson.dumps(
        {"_id": "1", "_source": {"id": "1", "headline": "Kemist", "description": {"text": "x"}}}
    )
    assert jobtech_line(hit, "", source="jobtech") is None
    assert HISTORICAL.to_record(hit, "").source_id == "1"


def test_text_formatted_stands_in_for_a_missing_text_on_both_paths() -> None:
    line = orjson.dumps(
        {"id": 7, "headline": "Kemist", "description": {"text": None, "text_formatted": "<p>GMP</p>"}}
    )
    record = jobtech_line(line, "", source="jobtech")
    assert record is not None
    assert record.text == "GMP"
    assert record.source_id == "7"
    assert record == general(line)


def test_a_number_where_text_belongs_is_left_to_the_lenient_general_path() -> None:
    line = orjson.dumps({"id": "9", "headline": 2024, "description": {"text": "Cellterapi"}})
    assert jobtech_line(line, "", source="jobtech") is None
    assert HISTORICAL.to_record(line, "").headline == "2024"


_scalars = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-5, max_value=10**14),
    st.booleans(),
    st.sampled_from(["2021-03-04", "2021-02-30", "1066-01-01", "2021-03-04T00:00:00", "SE", "Sverige", "0"]),
)
_objects = st.dictionaries(
    st.sampled_from(
        ["name", "organization_number", "text", "text_formatted", "country", "country_code", "region",
         "municipality", "concept_id", "legacy_ams_taxonomy_id", "url"]
    ),
    _scalars,
    max_size=4,
)  # fmt: skip
_values = st.one_of(_scalars, _objects, st.lists(_scalars, max_size=2))
_ads = st.dictionaries(
    st.sampled_from(
        ["id", "headline", "description", "employer", "workplace_address", "occupation", "occupation_group",
         "publication_date", "removed", "removed_date", "number_of_vacancies", "webpage_url",
         "application_details", "unrelated"]
    ),
    _values,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(ad=_ads)
def test_any_object_gives_the_same_outcome_on_both_paths_or_the_fast_one_steps_aside(
    ad: dict[str, Any],
) -> None:
    line = orjson.dumps(ad)
    got = fast(line)
    if got is not None:
        assert got == general(line)
