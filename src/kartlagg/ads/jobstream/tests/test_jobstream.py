"""Incremental JobStream ingest over recorded (constructed) pages; nothing touches the network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from kartlagg.ads.exceptions import AdsError
from kartlagg.ads.jobstream.client import ClientConfig, JobStreamClient, JobStreamError
from kartlagg.ads.jobstream.monitor import run_stream
from kartlagg.ads.jobstream.tests.conftest import RecordedJobStream
from kartlagg.ads.store import AdStore

DAY_START = dt.datetime(2026, 11, 24)
DAY_END = dt.datetime(2026, 11, 25)
HALF_DAY = dt.timedelta(hours=12)


def client(transport: httpx.MockTransport, sleeps: list[float] | None = None) -> JobStreamClient:
    waits = sleeps if sleeps is not None else []
    return JobStreamClient(ClientConfig(min_interval=0.0), transport=transport, sleep=waits.append)


def rows(store_file: Path, sql: str) -> list[tuple[object, ...]]:
    with AdStore(store_file, read_only=True) as store:
        return store.query(sql)


def test_incremental_run_adds_new_ads_marks_removed_and_repeats_without_double_counting(
    transport: httpx.MockTransport, recorded: RecordedJobStream, tmp_path: Path
) -> None:
    store_file = tmp_path / "ads.duckdb"
    first = run_stream(
        client=client(transport), since=DAY_START, until=DAY_END, store=store_file, window=HALF_DAY
    )

    assert recorded.calls == [
        ("2026-11-24T00:00:00", "2026-11-24T12:00:00"),
        ("2026-11-24T12:00:00", "2026-11-25T00:00:00"),
    ]
    assert (first.fetched, first.added, first.updated, first.unchanged) == (8, 4, 1, 0)
    assert (first.removed, first.removed_unknown) == (1, 1)
    assert first.skipped == 1 and "item 5: missing-text" in first.problems[0]
    assert first.checkpoint == DAY_END
    stored = rows(store_file, "SELECT source_id, headline, removed FROM ads ORDER BY source_id")
    assert stored == [
        # the change of the afternoon replaced the morning's version
        ("js-9001", "Processingenjör till GMP-tillverkning av CAR-T-celler (förlängd ansökningstid)", None),
        ("js-9002", "QA-specialist till läkemedelstillverkning", None),
        ("js-9003", "Backendutvecklare Python", dt.date(2026, 11, 24)),  # marked removed, not deleted
        ("js-9004", "QC Scientist, viral vector gene therapy", None),
    ]
    relevance = {
        str(source_id): str(rel)
        for source_id, rel in rows(
            store_file, "SELECT a.source_id, c.relevance FROM ads a JOIN ad_classifications c USING (ad_key)"
        )
    }
    assert relevance["js-9001"] == "atmp" and relevance["js-9004"] == "atmp"
    assert relevance["js-9003"] == "none"

    # Five minutes later, from the checkpoint: one empty window, nothing added.
    later = run_stream(
        client=client(transport), until=DAY_END + dt.timedelta(minutes=5), store=store_file, window=HALF_DAY
    )
    assert recorded.calls[-1] == ("2026-11-25T00:00:00", "2026-11-25T00:05:00")
    assert (later.windows, later.added, later.removed) == (1, 0, 0)

    # The whole day fetched again (a checkpoint lost, an overlapping run): nothing counted twice.
    again = run_stream(
        client=client(transport), since=DAY_START, until=DAY_END, store=store_file, window=HALF_DAY
    )
    # js-9001's morning version is older than the stored one: not put back, and not counted as an update.
    assert (again.added, again.updated, again.unchanged, again.outdated, again.removed) == (0, 0, 4, 1, 0)
    assert rows(store_file, "SELECT headline FROM ads WHERE source_id = 'js-9001'") == [
        ("Processingenjör till GMP-tillverkning av CAR-T-celler (förlängd ansökningstid)",)
    ]
    assert rows(store_file, "SELECT count(*), count(removed) FROM ads") == [(4, 1)]
    assert rows(store_file, "SELECT count(*) FROM ad_classifications") == [(4,)]
    with AdStore(store_file, read_only=True) as store:  # the texts of the first run are still there
        key = store.query("SELECT ad_key FROM ads WHERE source_id = 'js-9001'")[0][0]
        assert store.ad_text(key).startswith("Exempel Cellterapi AB tillverkar")


def test_first_run_needs_a_start(transport: httpx.MockTransport, tmp_path: Path) -> None:
    with pytest.raises(AdsError, match="--since"):
        run_stream(client=client(transport), until=DAY_END, store=tmp_path / "ads.duckdb")


def test_retries_with_backoff_and_retry_after(
    transport: httpx.MockTransport, recorded: RecordedJobStream
) -> None:
    recorded.failures = [
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "7"}),
    ]
    sleeps: list[float] = []
    items = client(transport, sleeps).changes(DAY_START, DAY_START + HALF_DAY)
    assert [i["id"] for i in items] == ["js-9001", "js-9002", "js-9003"]
    assert sleeps == [2.0, 7.0]  # backoff 2 s, then the server's Retry-After
    assert len(recorded.calls) == 3


def test_gives_up_after_the_retries_with_a_clear_error(
    transport: httpx.MockTransport, recorded: RecordedJobStream
) -> None:
    recorded.failures = [httpx.Response(502)] * 5
    sleeps: list[float] = []
    with pytest.raises(JobStreamError, match="gave up after 5 attempts .HTTP 502"):
        client(transport, sleeps).changes(DAY_START, DAY_START + HALF_DAY)
    assert sleeps == [2.0, 4.0, 8.0, 16.0]


def test_timeouts_are_retried(recorded: RecordedJobStream) -> None:
    attempts: list[int] = []

    def slow_then_fine(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ReadTimeout("no answer in 30 s", request=request)
        return recorded(request)

    sleeps: list[float] = []
    api = JobStreamClient(
        ClientConfig(min_interval=0.0), transport=httpx.MockTransport(slow_then_fine), sleep=sleeps.append
    )
    assert len(api.changes(DAY_START, DAY_START + HALF_DAY)) == 3
    assert api.http.timeout.read == 30.0
    assert sleeps == [2.0]


def test_rate_limit_keeps_requests_apart(transport: httpx.MockTransport) -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    api = JobStreamClient(
        ClientConfig(min_interval=1.5), transport=transport, sleep=sleep, clock=lambda: now[0]
    )
    api.changes(DAY_START, DAY_START + HALF_DAY)
    now[0] += 0.5  # the next request comes 0.5 s later: wait the remaining second
    api.changes(DAY_START + HALF_DAY, DAY_END)
    assert sleeps == [1.0]
