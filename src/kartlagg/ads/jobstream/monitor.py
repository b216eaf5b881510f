"""`kartlagg ads stream`: fetch JobStream changes since the checkpoint, store new ads, mark removed ones.

Each run walks from the checkpoint (kept in the store) to now in windows; per window it
1. fetches the changes (`JobStreamClient.changes`),
2. runs the new and changed ads (the newest version of each) through the pipeline's own block function
   (`process_task`: map, classify, keys, MinHash bands, payload) and commits them with
   `AdStore.commit_part`, which adds the ad keys it has not stored,
3. replaces the stored ads the feed sends in another version (`updates.apply_changes`: row, bands,
   classification, text, duplicate marks); a version older than the stored one is not applied,
4. marks removed ads as removed (the row stays; its `removed` date is set once),
5. moves the checkpoint to the window's end.
After the windows it drops rows nobody points to from the payload files and resolves the duplicates of
the new ads. A run stopped between steps repeats the window next time without counting anything twice.
Run it from cron or a systemd timer every few minutes; two runs at once are refused by the store's lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from kartlagg.ads import dedup
from kartlagg.ads import pipeline as single
from kartlagg.ads.configuration import PipelineConfig, store_path
from kartlagg.ads.exceptions import AdsError
from kartlagg.ads.ingest.base import text_of
from kartlagg.ads.ingest.jobtech_search import ADAPTER
from kartlagg.ads.jobstream import updates
from kartlagg.ads.jobstream.client import JobStreamClient, stream_time
from kartlagg.ads.pipeline import ClassifierFactory, ItemsTask
from kartlagg.ads.store import AdStore, _registered

CHECKPOINT_KEY = "jobstream_checkpoint"
ADAPTER_NAME = "jobtech-jobstream"


@dataclass
class StreamSummary:
    windows: int = 0
    fetched: int = 0  # objects the feed returned
    added: int = 0  # new ads stored
    updated: int = 0  # stored ads replaced by the feed's newer, different version
    unchanged: int = 0  # stored ads sent again as they are (a window fetched again, a repeat)
    outdated: int = 0  # versions older than the stored one (a window fetched again): not applied
    removed: int = 0  # stored ads newly marked removed
    removed_unknown: int = 0  # removals of ads we never stored
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    exact_duplicates: int = 0
    near_duplicates: int = 0
    remarked: int = 0  # stored ads whose duplicate mark changed because of the updates
    checkpoint: dt.datetime | None = None

    def lines(self) -> list[str]:
        out = [
            f"JobStream: {self.windows} windows, {self.fetched} changes: {self.added} ads added, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.outdated} older versions ignored, "
            f"{self.removed} marked removed "
            f"({self.removed_unknown} removals of ads not stored), {self.skipped} skipped",
            f"duplicates of earlier ads: {self.exact_duplicates} exact, {self.near_duplicates} near; "
            f"{self.remarked} duplicate marks changed by updates",
            f"checkpoint: {stream_time(self.checkpoint) if self.checkpoint else 'none'}",
        ]
        out.extend(f"  skipped {p}" for p in self.problems[:20])
        return out


def read_checkpoint(store: AdStore) -> dt.datetime | None:
    rows = store.query("SELECT value FROM store_meta WHERE key = ?", [CHECKPOINT_KEY])
    return dt.datetime.fromisoformat(rows[0][0]) if rows else None


def windows(
    since: dt.datetime, until: dt.datetime, step: dt.timedelta
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    start = since
    while start < until:
        end = min(start + step, until)
        yield start, end
        start = end


def run_stream(
    *,
    client: JobStreamClient,
    until: dt.datetime,
    since: dt.datetime | None = None,
    store: Path | None = None,
    window: dt.timedelta = dt.timedelta(hours=6),
    classifier_factory: ClassifierFactory | None = single.default_classifier,
    config: PipelineConfig | None = None,
) -> StreamSummary:
    """Fetch and store the changes from `since` (default: the stored checkpoint) until `until`."""
    config = config or PipelineConfig()
    store_file = store or store_path()
    texts = store_file.parent / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    summary = StreamSummary()
    with AdStore(store_file, config=config) as ads:
        start = since or read_checkpoint(ads)
        if start is None:
            raise AdsError("no JobStream checkpoint yet: give --since for the first run")
        single._init_worker(classifier_factory, config.near_duplicate_threshold)
        # The pipeline's mark, so ads of a run stopped before its last step are resolved by the next one.
        resolved = updates.resolved_seq(ads)
        resolved = ads.max_seq() if resolved is None else resolved
        for begin, end in windows(start, until, window):
            _one_window(ads, client, begin, end, texts, summary, resolved, config.near_duplicate_threshold)
            summary.windows += 1
        # Before resolving: the near-duplicate pass reads signatures by ad key from every file involved.
        updates.compact_payloads(ads)
        exact, near = ads.resolve_duplicates(since_seq=resolved)
        updates.set_resolved_seq(ads, ads.max_seq())
        summary.exact_duplicates, summary.near_duplicates = exact, near
        summary.checkpoint = read_checkpoint(ads)
    return summary


def _one_window(
    ads: AdStore,
    client: JobStreamClient,
    begin: dt.datetime,
    end: dt.datetime,
    texts: Path,
    summary: StreamSummary,
    resolved: int,
    threshold: float,
) -> None:
    items = client.changes(begin, end)
    summary.fetched += len(items)
    removals = [obj for obj in items if obj.get("removed") is True]
    current = newest_versions(
        [(n, obj) for n, obj in enumerate(items, start=1) if obj.get("removed") is not True]
    )
    label = f"jobstream {stream_time(begin)}..{stream_time(end)}#item "
    file_key = f"jobstream:{stream_time(begin)}/{stream_time(end)}"
    digest = hashlib.blake2b(orjson.dumps(items, option=orjson.OPT_SORT_KEYS), digest_size=10).hexdigest()
    # Unique per run: a window fetched again must not overwrite (or, adding nothing, delete) the payload
    # the ads stored the first time point to.
    payload_path = texts / f"jobstream-{digest}-{uuid.uuid4().hex[:8]}.parquet"
    ads.file_begin(file_key=file_key, path=f"{client.config.base_url}/stream", adapter=ADAPTER_NAME)
    block = single.process_task(ItemsTask(ADAPTER, current, label, payload_path))
    problems = [(f"{label}{line}", reason, detail) for line, reason, detail in block.problems]
    # The file also holds the texts of ads already stored; compaction keeps only the rows pointed to
    # (marked first, so a run stopped right after writing it still cleans it up).
    updates.mark_for_compaction(ads, [block.payload])
    commit = ads.commit_part(
        part=block.part,
        payload=block.payload,
        file_key=file_key,
        line_offset=0,
        items_done=len(items),
        bytes_done=0,
        problems=problems,
    )
    changes = updates.apply_changes(
        ads,
        block.part,
        payload=block.payload,
        versions=versions_of(current),
        resolved_upto=resolved,
        threshold=threshold,
    )
    summary.added += commit.added
    summary.updated += changes.updated
    summary.outdated += changes.outdated
    summary.unchanged += commit.duplicates - changes.updated - changes.outdated
    summary.remarked += changes.remarked
    summary.skipped += len(problems)
    summary.problems.extend(f"{o}: {r}{' (' + d + ')' if d else ''}" for o, r, d in problems)
    marked, unknown = _mark_removed(ads, removals)
    summary.removed += marked
    summary.removed_unknown += unknown
    ads.file_finish(file_key)
    ads.query(
        "INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [CHECKPOINT_KEY, end.isoformat(timespec="seconds")]
    )


def _version(obj: dict[str, Any]) -> int | None:
    """The feed's `timestamp` of this version of the ad (ms since 1970), None when it has none."""
    value = obj.get("timestamp")
    if isinstance(value, bool):
        return None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def newest_versions(items: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """One item per ad id: the newest version (the block function keeps the first it meets)."""
    chosen: dict[str, tuple[int, dict[str, Any]]] = {}
    without_id: list[tuple[int, dict[str, Any]]] = []
    for n, obj in items:
        ident = text_of(obj.get("id")).strip()
        if not ident:
            without_id.append((n, obj))  # reported by the block function as missing-id
            continue
        seen = chosen.get(ident)
        if seen is None or (_version(obj) or 0) >= (_version(seen[1]) or 0):
            chosen[ident] = (n, obj)
    return sorted([*chosen.values(), *without_id], key=lambda item: item[0])


def versions_of(items: list[tuple[int, dict[str, Any]]]) -> dict[int, int]:
    out: dict[int, int] = {}
    for _, obj in items:
        version, ident = _version(obj), text_of(obj.get("id")).strip()
        if version is not None and ident:
            out[dedup.ad_key(ADAPTER.source, ident)] = version
    return out


def _removal_date(obj: dict[str, Any], where: str) -> dt.date | None:
    value = obj.get("removed_date")
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        raise AdsError(f"{where}: removed_date {value!r} is not a date") from None


def _mark_removed(ads: AdStore, removals: list[dict[str, Any]]) -> tuple[int, int]:
    """Set `removed` on stored ads (once: a later removal notice does not move the date)."""
    rows: dict[int, dt.date | None] = {}
    for obj in removals:
        ident = str(obj.get("id") or "").strip()
        if ident:
            rows[dedup.ad_key(ADAPTER.source, ident)] = _removal_date(obj, f"JobStream ad {ident}")
    if not rows:
        return 0, 0
    keys = list(rows)
    table = pa.table(
        {
            "ad_key": pa.array(keys, pa.int64()),
            # A removal without a date is dated the day we saw it.
            "removed": pa.array([rows[k] or dt.date.today() for k in keys], pa.date32()),
        }
    )
    with _registered(ads.con, "removals", table):
        known = ads.query("SELECT count(*) FROM ads JOIN removals USING (ad_key)")[0][0]
        marked = ads.query(
            "UPDATE ads SET removed = r.removed FROM removals r "
            "WHERE ads.ad_key = r.ad_key AND ads.removed IS NULL RETURNING ads.ad_key"
        )
    return len(marked), len(keys) - int(known)
