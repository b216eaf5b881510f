"""A change to a stored ad replaces it: row, bands, classification, text and duplicate marks."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import orjson
import pyarrow.parquet as pq
import pytest

from kartlagg.ads import dedup
from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.jobstream.client import ClientConfig, JobStreamClient
from kartlagg.ads.jobstream.monitor import StreamSummary, run_stream
from kartlagg.ads.jobstream.tests.conftest import FIXTURES, RecordedJobStream
from kartlagg.ads.pipeline import default_classifier
from kartlagg.ads.store import AdStore

DAY_START = dt.datetime(2026, 11, 24)
DAY_END = dt.datetime(2026, 11, 25)
MORNING = DAY_END + dt.timedelta(hours=12)
HALF_DAY = dt.timedelta(hours=12)
shared_classifier = functools.cache(default_classifier)


def stream(
    transport: httpx.MockTransport, store_file: Path, since: dt.datetime, until: dt.datetime
) -> StreamSummary:
    return run_stream(
        client=JobStreamClient(ClientConfig(min_interval=0.0), transport=transport),
        since=since,
        until=until,
        store=store_file,
        window=HALF_DAY,
        classifier_factory=shared_classifier,
    )


def state(store_file: Path) -> dict[str, Any]:
    """Everything an update could touch: the tables and the payload files' rows."""
    with AdStore(store_file, read_only=True) as store:
        files = sorted(store.payload_dir.glob("*.parquet"))
        return {
            "ads": store.query("SELECT * FROM ads ORDER BY seq"),
            "bands": store.query("SELECT * FROM ad_bands ORDER BY ad_key, band"),
            "classes": store.query("SELECT * FROM ad_classifications ORDER BY ad_key"),
            "payloads": {f.name: pq.read_table(f).sort_by("ad_key").to_pylist() for f in files},
        }


def test_a_changed_ad_is_replaced_and_the_same_window_again_changes_nothing(
    transport: httpx.MockTransport, tmp_path: Path
) -> None:
    store_file = tmp_path / "ads.duckdb"
    stream(transport, store_file, DAY_START, DAY_END)
    with AdStore(store_file, read_only=True) as store:
        key = dedup.ad_key("jobtech", "js-9002")
        (seq, old_payload, old_content) = store.query(
            "SELECT seq, payload, content_key FROM ads WHERE ad_key = ?", [key]
        )[0]
        assert store.query("SELECT relevance FROM ad_classifications WHERE ad_key = ?", [key]) == [
            ("related",)
        ]
        old_bands = {b for (b,) in store.query("SELECT band FROM ad_bands WHERE ad_key = ?", [key])}

    changed = stream(transport, store_file, DAY_END, MORNING)  # js-9002 edited, js-9004 sent again

    assert (changed.fetched, changed.added, changed.updated, changed.unchanged, changed.outdated) == (
        2, 0, 1, 1, 0,
    )  # fmt: skip
    page = orjson.loads((FIXTURES / "stream_2026-11-25T00-00-00_2026-11-25T12-00-00.json").read_bytes())
    new_text = page[0]["description"]["text"]
    with AdStore(store_file, read_only=True) as store:
        row = store.query(
            "SELECT headline, region, municipality, positions, ssyk, seq, origin, dup_of, removed, payload, "
            "content_key FROM ads WHERE ad_key = ?",
            [key],
        )[0]
        assert row[:9] == (
            "QA-specialist till tillverkning av cell- och genterapier",
            "Stockholms län",
            "Stockholm",
            3,
            "2131",
            seq,  # still the ad it was: its place in the arrival order stays
            "jobstream 2026-11-25T00:00:00..2026-11-25T12:00:00#item 1",
            None,
            None,
        )
        new_payload, new_content = row[9], row[10]
        assert new_payload != old_payload and new_content != old_content
        assert new_content == dedup.content_key("Exempel Farma AB", row[0], new_text)
        assert store.ad_text(key) == new_text
        plan = dedup.band_plan(PipelineConfig().near_duplicate_threshold)
        expected_bands = {
            int(b) for b in dedup.band_keys(dedup.signatures([f"{row[0]}\n{new_text}"]), plan)[0] if b != 0
        }
        bands = store.query("SELECT band, seq FROM ad_bands WHERE ad_key = ?", [key])
        assert {b for b, _ in bands} == expected_bands != old_bands
        assert {s for _, s in bands} == {seq} and len(bands) == len(expected_bands)
        classes = store.query("SELECT relevance, areas FROM ad_classifications WHERE ad_key = ?", [key])
        assert len(classes) == 1 and classes[0][0] == "atmp" and "quality-assurance" in classes[0][1]
        # The file of the first window still serves js-9003 (js-9001 moved on with its own change);
        # js-9002's old row is gone from it, so no reader meets two texts of one ad.
        assert store.query("SELECT source_id FROM ads WHERE payload = ?", [old_payload]) == [("js-9003",)]
        old_rows = pq.read_table(store.payload_path(old_payload)).column("ad_key").to_pylist()
        assert old_rows == [dedup.ad_key("jobtech", "js-9003")]
        for name in {p for (p,) in store.query("SELECT DISTINCT payload FROM ads")}:
            in_file = sorted(pq.read_table(store.payload_path(name)).column("ad_key").to_pylist())
            pointing = sorted(k for (k,) in store.query("SELECT ad_key FROM ads WHERE payload = ?", [name]))
            assert in_file == pointing, name
        assert len(list(store.payload_dir.glob("*.parquet"))) == 3  # no file without an ad
        every = store.ads_to_classify(all_ads=True, model_version="", after_seq=0, batch=100)
        assert sorted(every.column("ad_key").to_pylist()) == sorted(
            k for (k,) in store.query("SELECT ad_key FROM ads")
        )  # each ad once, with its current text
        assert (
            store.signature_matrix(np.array([key]))[0].tobytes()
            == dedup.signatures([f"{row[0]}\n{new_text}"])[0].tobytes()
        )

    before = state(store_file)
    again = stream(transport, store_file, DAY_END, MORNING)
    assert (again.added, again.updated, again.unchanged, again.outdated, again.remarked) == (0, 0, 2, 0, 0)
    assert state(store_file) == before


# ---- duplicate marks ----------------------------------------------------------------------------------
DEC_1 = dt.datetime(2026, 12, 1)


def _template() -> dict[str, Any]:
    page = orjson.loads((FIXTURES / "stream_2026-11-24T00-00-00_2026-11-24T12-00-00.json").read_bytes())
    return dict(page[0])


TEXTS = {
    "cell": _template()["description"]["text"],
    "vector": orjson.loads((FIXTURES / "stream_2026-11-24T12-00-00_2026-11-25T00-00-00.json").read_bytes())[
        0
    ]["description"]["text"],
    "qa": orjson.loads((FIXTURES / "stream_2026-11-24T00-00-00_2026-11-24T12-00-00.json").read_bytes())[1][
        "description"
    ]["text"],
}


def ad(
    ident: str, text: str, *, minute: int, headline: str = "Processingenjör", positions: int = 1
) -> dict[str, Any]:
    obj = copy.deepcopy(_template())
    obj.update(
        id=ident,
        headline=headline,
        number_of_vacancies=positions,
        timestamp=int((DEC_1 + dt.timedelta(minutes=minute)).timestamp() * 1000),
    )
    obj["description"]["text"] = TEXTS[text]
    obj["employer"]["name"] = "Exempel Cellterapi AB"
    return obj


def dup_marks(store_file: Path) -> dict[str, str | None]:
    with AdStore(store_file, read_only=True) as store:
        rows = store.query(
            "SELECT a.source_id, o.source_id FROM ads a LEFT JOIN ads o ON o.ad_key = a.dup_of ORDER BY a.seq"
        )
    return {str(a): (str(o) if o is not None else None) for a, o in rows}


@pytest.mark.parametrize("one_run", [False, True], ids=["two runs", "one run"])
def test_duplicate_marks_follow_the_changed_content(
    transport: httpx.MockTransport, recorded: RecordedJobStream, tmp_path: Path, one_run: bool
) -> None:
    first = (DEC_1.isoformat(), (DEC_1 + HALF_DAY).isoformat())
    second = ((DEC_1 + HALF_DAY).isoformat(), (DEC_1 + 2 * HALF_DAY).isoformat())
    recorded.pages[first] = [
        ad("js-x", "cell", minute=1),
        ad("js-y", "cell", minute=2),  # the same ad under another id: a copy of js-x
        ad("js-z", "vector", minute=3, headline="QC Scientist"),
        ad("js-w", "qa", minute=4, headline="QA-specialist"),
        ad("js-w2", "qa", minute=5, headline="QA-specialist"),  # a copy of js-w
    ]
    recorded.pages[second] = [
        ad("js-x", "vector", minute=600, headline="QC Scientist"),  # now the same ad as js-z
        ad("js-w2", "qa", minute=601, headline="QA-specialist", positions=2),  # content key unchanged
    ]
    store_file = tmp_path / "ads.duckdb"
    if one_run:
        summary = stream(transport, store_file, DEC_1, DEC_1 + 2 * HALF_DAY)
        assert (summary.added, summary.updated, summary.remarked) == (5, 2, 0)
    else:
        stream(transport, store_file, DEC_1, DEC_1 + HALF_DAY)
        assert dup_marks(store_file) == {
            "js-x": None, "js-y": "js-x", "js-z": None, "js-w": None, "js-w2": "js-w",
        }  # fmt: skip
        summary = stream(transport, store_file, DEC_1 + HALF_DAY, DEC_1 + 2 * HALF_DAY)
        # js-y no longer copies js-x (whose text changed), js-z now copies the earlier js-x.
        assert (summary.added, summary.updated, summary.remarked) == (0, 2, 2)

    assert dup_marks(store_file) == {
        "js-x": None,  # the first of its content
        "js-y": None,  # its original became another ad: counted now
        "js-z": "js-x",  # arrived after js-x, which now carries the same ad
        "js-w": None,
        "js-w2": "js-w",  # more positions, same text: still the copy it was
    }  # fmt: skip
    with AdStore(store_file, read_only=True) as store:
        assert store.query("SELECT positions FROM ads WHERE source_id = 'js-w2'") == [(2,)]
