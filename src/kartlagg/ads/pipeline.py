"""ingest → normalise → classify → store, in blocks, on every core, resumable.

The parent process plans blocks and commits them; worker processes do the work per block:
parse, map to AdRecord, classify, compute duplicate keys and MinHash bands, and write one Parquet part.
For a plain JSON Lines file a block is a byte range the worker reads itself (the parent never touches
the ad text); for other layouts (.gz, .zip, JSON documents, CSV) the parent streams records and hands
them over in batches. Parts are committed in file order, each in one transaction with the file's
checkpoint, so a stopped run resumes after the last committed block.
"""

from __future__ import annotations

import collections
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import orjson
import pyarrow as pa

from kartlagg.ads import dedup, heap
from kartlagg.ads.configuration import PipelineConfig, store_path
from kartlagg.ads.exceptions import MalformedRecord
from kartlagg.ads.ingest.base import Adapter
from kartlagg.ads.ingest.generic import ColumnMapping, GenericAdapter
from kartlagg.ads.ingest.reading import (
    FileLayout,
    csv_columns,
    iter_csv,
    iter_document,
    iter_lines,
    line_ranges,
    read_range,
)
from kartlagg.ads.ingest.registry import choose_adapter
from kartlagg.ads.language import detect_languages
from kartlagg.ads.record import AdRecord
from kartlagg.ads.store import PART_SCHEMA, PAYLOAD_SCHEMA, AdStore, PartBlock, write_payload


class ClassifierLike(Protocol):
    model_version: str

    def classify_many(self, ads: Iterable[AdRecord], encoded: Sequence[bytes] | None = None) -> list[Any]: ...


ClassifierFactory = Callable[[], ClassifierLike]


def default_classifier() -> ClassifierLike:
    from kartlagg.ads.classify.classifier import Classifier

    classifier = Classifier.from_domain("atmp")
    _ = classifier.skills  # built lazily otherwise: build it before the workers fork, once for all
    return classifier


# ---- tasks (sent to workers) ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RangeTask:
    """Lines [start, end) of a plain JSON Lines file; line numbers in results are relative to the block."""

    adapter: Adapter
    path: Path
    start: int
    end: int
    label: str  # origin prefix, e.g. "ads.jsonl:"
    part: Path


@dataclass(frozen=True)
class ItemsTask:
    """Records already read by the parent: (line or item number, raw record)."""

    adapter: Adapter
    items: list[tuple[int, Any]]
    label: str
    part: Path


@dataclass
class BlockResult:
    part: pa.Table | None  # PART_SCHEMA, one row per distinct ad of the block
    payload: str  # file name under the store's texts/ holding the block's texts and signatures
    items: int  # records (lines) the block covered, good or bad
    problems: list[tuple[int, str, str]]  # (line, reason, detail)
    records: int
    # CPU seconds the worker spent per stage (read, map, classify, table, write): what the benchmark
    # reports, so a slow stage shows itself without a profiler.
    stage_seconds: dict[str, float] = field(default_factory=dict)


# ---- worker side ---------------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(factory: ClassifierFactory | None, threshold: float) -> None:
    classifier = factory() if factory is not None else None
    warm = getattr(classifier, "warm_up", None)
    if callable(warm):
        warm()
    _WORKER["classifier"] = classifier
    _WORKER["plan"] = dedup.band_plan(threshold)
    # The lexicons are millions of long-lived objects: move them out of the collector's sight (and so
    # keep the pages forked workers share unwritten), and collect young objects less often — a block
    # allocates a few hundred thousand short-lived ones and frees them in bulk.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def process_task(task: RangeTask | ItemsTask) -> BlockResult:
    clock = time.process_time
    stages: dict[str, float] = {}
    started = clock()
    if isinstance(task, RangeTask):
        lines = read_range(task.path, task.start, task.end)
        items: Iterable[tuple[int, Any]] = enumerate(lines, start=1)
        count = len(lines)
    else:
        items = task.items
        count = len(task.items)
    stages["read"] = clock() - started
    adapter = task.adapter
    records: list[AdRecord] = []
    lines_of: list[int] = []
    problems: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for line, raw in items:
        if isinstance(raw, bytes | memoryview) and _blank(raw):
            continue
        try:
            record = adapter.to_record(raw, "")
        except MalformedRecord as exc:
            problems.append((line, exc.reason, exc.detail))
            continue
        if record.source_id in seen:  # the same ad twice in one block: the first one stands
            continue
        seen.add(record.source_id)
        records.append(record)
        lines_of.append(line)
    stages["map"] = clock() - started - stages["read"]
    if not records:
        return BlockResult(
            part=None, payload="", items=count, problems=problems, records=0, stage_seconds=stages
        )
    mark = clock()
    # Each ad in UTF-8 once, for every use: the classifier's scan, the signature, the content key and
    # the stored text. Encoding a 2 kB Nordic text costs ≈1 µs, and it was done four times.
    encoded = encode_ads(records)
    classifier: ClassifierLike | None = _WORKER.get("classifier")
    results = classifier.classify_many(records, encoded) if classifier is not None else None
    stages["classify"] = clock() - mark
    mark = clock()
    table, payload = records_table(records, lines_of, task.label, results, _WORKER["plan"], encoded)
    stages["table"] = clock() - mark
    mark = clock()
    write_payload(payload, task.part)
    stages["write"] = clock() - mark
    return BlockResult(
        part=table,
        payload=task.part.name,
        items=count,
        problems=problems,
        records=len(records),
        stage_seconds=stages,
    )


def encode_ads(records: list[AdRecord]) -> list[bytes]:
    """Each ad as the classifier reads it, ``headline + "\\n" + text``, in UTF-8."""
    return [f"{r.headline}\n{r.text}".encode() for r in records]


_WHITESPACE = frozenset(b" \t\r\n\x0b\x0c")


def _blank(line: bytes | memoryview) -> bool:
    """An empty or whitespace-only line (skipped, but counted in line numbers)."""
    return not line or (line[0] in _WHITESPACE and not bytes(line).strip())


def records_table(
    records: list[AdRecord],
    lines: list[int],
    label: str,
    results: list[Any] | None,
    plan: dedup.BandPlan,
    encoded: list[bytes] | None = None,
) -> tuple[pa.Table, pa.Table]:
    """The block's ads (normalised fields, keys, bands, classification) and payload (texts, signatures).
    `results`: the classifier's verdict on each record, or None when nothing classifies; `encoded`:
    each record's ``f"{headline}\\n{text}"`` in UTF-8, if the caller has it already."""
    if encoded is None:
        encoded = encode_ads(records)
    # Where each text starts in its encoded ad: after the headline and the newline.
    text_starts = [len(r.headline.encode()) + 1 for r in records]
    texts = _texts_array(records, encoded, text_starts)
    languages = detect_languages(texts)  # a block at once: see language.py
    sigs = dedup.encoded_signatures(encoded)
    bands = dedup.band_keys(sigs, plan)
    count = len(records)
    # One comprehension per column: several times cheaper than appending field by field.
    codes = [r.occupation_codes for r in records]
    keys = [dedup.ad_key(r.source, r.source_id) for r in records]
    columns: dict[str, Any] = {
        "ad_key": keys,
        "source": [r.source for r in records],
        "source_id": [r.source_id for r in records],
        "headline": [r.headline for r in records],
        "employer_name": [r.employer_name for r in records],
        "employer_org_number": [r.employer_org_number for r in records],
        "country": [r.country for r in records],
        "region": [r.region for r in records],
        "municipality": [r.municipality for r in records],
        "published": [r.published for r in records],
        "removed": [r.removed for r in records],
        "ssyk": [c.get("ssyk", "") for c in codes],
        "isco": [c.get("isco", "") for c in codes],
        "styrk": [c.get("styrk", "") for c in codes],
        "occupation_codes": [orjson.dumps(c).decode() if c else "{}" for c in codes],
        "positions": [r.positions for r in records],
        "language": [r.stated_language or found for r, found in zip(records, languages, strict=True)],
        "url": [r.url for r in records],
        "origin_label": [label] * count,
        "line": lines,
        "content_key": [
            dedup.content_key(r.employer_name, r.headline, memoryview(e)[start:])
            for r, e, start in zip(records, encoded, text_starts, strict=True)
        ],
        "bands": pa.ListArray.from_arrays(
            pa.array(np.arange(0, count * plan.bands + 1, plan.bands, dtype=np.int32)),
            pa.array(bands.reshape(-1)),
        ),
    }
    if results is not None:
        columns["relevance"] = [r.relevance for r in results]
        columns["score"] = [float(r.score) for r in results]
        columns["areas"] = [[hit.area for hit in r.areas] for r in results]
        columns["evidence"] = [evidence_json(r) for r in results]
        columns["model_version"] = [r.model_version for r in results]
    else:
        for name in ("relevance", "score", "areas", "evidence", "model_version"):
            columns[name] = [None] * count
    signature_array = pa.Array.from_buffers(
        pa.binary(dedup.NUM_PERM * 4), count, [None, pa.py_buffer(np.ascontiguousarray(sigs).tobytes())]
    )
    payload = pa.table({"ad_key": keys, "text": texts, "signature": signature_array}, schema=PAYLOAD_SCHEMA)
    return pa.table(columns, schema=PART_SCHEMA), payload


def _texts_array(records: list[AdRecord], encoded: list[bytes], text_starts: list[int]) -> pa.Array:
    """The ads' texts as an Arrow string array, cut from their UTF-8 encodings: one copy of the bytes,
    instead of Arrow encoding every text again (≈1.3 µs an ad)."""
    pieces = [memoryview(e)[start:] for e, start in zip(encoded, text_starts, strict=True)]
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] >= 1 << 31:  # beyond 32-bit string offsets (a block of huge records): Arrow chunks them
        return pa.array([r.text for r in records], pa.string())
    buffers = [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(pieces))]
    return pa.Array.from_buffers(pa.string(), len(pieces), buffers)


def evidence_json(result: Any) -> str:
    """What the ad detail page shows: the relevance evidence, evidence per area, the skills named."""
    if not (result.evidence or result.areas or result.skills):
        return "{}"
    return orjson.dumps(
        {
            "evidence": result.evidence,
            "areas": {hit.area: hit.evidence for hit in result.areas},
            "skills": result.skills,
        }
    ).decode()


# ---- parent side ---------------------------------------------------------------------------------------
@dataclass
class FileSummary:
    path: Path
    adapter: str = ""
    added: int = 0
    duplicates: int = 0  # same source + id already stored (a file ingested twice, an update)
    skipped: int = 0
    reasons: collections.Counter[str] = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)  # the first few, "file:line: reason (detail)"
    resumed_from: int = 0  # records already committed by an earlier, interrupted run
    already_done: bool = False
    error: str = ""
    # CPU seconds per stage: the workers' (read, map, classify, table, write) and this process's commit.
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class RunSummary:
    files: list[FileSummary] = field(default_factory=list)
    exact_duplicates: int = 0  # same text under another id or board: stored, not counted
    near_duplicates: int = 0
    seconds: float = 0.0
    records: int = 0
    resolve_seconds: float = 0.0  # CPU seconds of the duplicate pass at the end

    @property
    def stage_seconds(self) -> dict[str, float]:
        total: dict[str, float] = {}
        for f in self.files:
            _add_seconds(total, f.stage_seconds)
        if self.resolve_seconds:
            _add_seconds(total, {"resolve": self.resolve_seconds})
        return total

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def reasons(self) -> collections.Counter[str]:
        total: collections.Counter[str] = collections.Counter()
        for f in self.files:
            total.update(f.reasons)
        return total

    def lines(self) -> list[str]:
        out = []
        for f in self.files:
            if f.error:
                out.append(f"{f.path}: NOT READ: {f.error}")
                continue
            if f.already_done:
                out.append(f"{f.path}: already ingested ({f.adapter}); nothing added")
                continue
            resumed = f", resumed after {f.resumed_from} records" if f.resumed_from else ""
            reasons = ", ".join(f"{n} {r}" for r, n in f.reasons.most_common())
            out.append(
                f"{f.path} [{f.adapter}]: {f.added} added, {f.duplicates} already stored, "
                f"{f.skipped} skipped{' (' + reasons + ')' if reasons else ''}{resumed}"
            )
            out.extend(f"  skipped {p}" for p in f.problems)
        out.append(
            f"total: {self.added} ads added, {self.skipped} records skipped, {self.exact_duplicates} "
            "exact and "
            f"{self.near_duplicates} near duplicates of earlier ads found, {self.seconds:.1f} s"
        )
        return out


def _add_seconds(total: dict[str, float], more: dict[str, float]) -> None:
    for name, seconds in more.items():
        total[name] = total.get(name, 0.0) + seconds


# (file name, records done so far, fraction of the file done when known — plain JSON Lines — else None)
ProgressCallback = Callable[[str, int, float | None], None]


def file_fingerprint(path: Path) -> str:
    """Size and a hash of the first and last MiB: the same file under any name, cheap for 10 GB files."""
    size = path.stat().st_size
    digest = hashlib.blake2b(digest_size=12)
    digest.update(str(size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(1 << 20))
        if size > 2 << 20:
            handle.seek(size - (1 << 20))
            digest.update(handle.read(1 << 20))
    return f"{size}-{digest.hexdigest()}"


class Pipeline:
    """Run with `ingest(paths)`. Use `workers=1` for small inputs (no processes started)."""

    def __init__(
        self,
        *,
        store: Path | None = None,
        config: PipelineConfig | None = None,
        classifier_factory: ClassifierFactory | None = default_classifier,
        progress: ProgressCallback | None = None,
        after_commit: Callable[[FileSummary], None] | None = None,
        max_listed_problems: int = 20,
    ) -> None:
        self.store_file = store or store_path()
        self.config = config or PipelineConfig()
        self.classifier_factory = classifier_factory
        self.progress = progress
        self.after_commit = after_commit
        self.max_listed_problems = max_listed_problems
        self.texts = self.store_file.parent / "texts"

    def ingest(
        self,
        paths: Iterable[Path],
        *,
        fmt: str = "auto",
        mapping: ColumnMapping | None = None,
        force: bool = False,
    ) -> RunSummary:
        started = time.perf_counter()
        summary = RunSummary()
        self.texts.mkdir(parents=True, exist_ok=True)
        # The workers fork before the store opens, so they keep glibc's own mmap threshold (heap.py).
        pool = self._pool()
        try:
            with AdStore(self.store_file, config=self.config) as store:
                for path in paths:
                    summary.files.append(self._ingest_file(store, pool, Path(path), fmt, mapping, force))
                _stop(pool)  # the workers' memory back before the duplicate pass needs its own
                pool = None
                _WORKER.clear()  # nor does this process need the lexicons any more
                store.drop_key_index()  # 8 bytes an ad, for commits only
                heap.release_free_pages()
                mark = time.process_time()
                exact, near = self._resolve(store)
                summary.resolve_seconds = time.process_time() - mark
                summary.exact_duplicates, summary.near_duplicates = exact, near
        finally:
            _stop(pool)
        summary.seconds = time.perf_counter() - started
        summary.records = summary.added
        return summary

    def _pool(self) -> Pool | None:
        # Build the classifier here, once, and fork the workers afterwards: they inherit it (compiled
        # pattern databases included) instead of each spending seconds compiling their own. Forking
        # also happens before the store, and so DuckDB's threads, exist in this process.
        _init_worker(self.classifier_factory, self.config.near_duplicate_threshold)
        if self.config.workers <= 1:
            return None
        return get_context("fork").Pool(self.config.workers)

    def _resolve(self, store: AdStore) -> tuple[int, int]:
        row = store.query("SELECT value FROM store_meta WHERE key = 'resolved_seq'")
        since = int(row[0][0]) if row else 0
        exact, near = store.resolve_duplicates(since_seq=since)
        store.query(
            "INSERT OR REPLACE INTO store_meta VALUES ('resolved_seq', CAST((SELECT "
            "coalesce(max(seq), 0) FROM ads) AS VARCHAR))"
        )
        return exact, near

    def _ingest_file(
        self,
        store: AdStore,
        pool: Pool | None,
        path: Path,
        fmt: str,
        mapping: ColumnMapping | None,
        force: bool,
    ) -> FileSummary:
        from kartlagg.ads.exceptions import AdsError

        result = FileSummary(path=path)
        try:
            adapter, layout = choose_adapter(path, fmt=fmt, mapping=mapping)
            if isinstance(adapter, GenericAdapter) and layout.layout == "csv":
                adapter.mapping.check_columns(csv_columns(path), where=str(path))
        except (AdsError, OSError, ValueError) as exc:
            result.error = str(exc)
            return result
        result.adapter = adapter.name
        file_key = file_fingerprint(path)
        state = store.file_state(file_key)
        if state is not None and state.status == "done" and not force:
            result.already_done = True
            return result
        if state is not None and state.status == "done" and force:
            store.query("DELETE FROM ingest_files WHERE file_key = ?", [file_key])
            store.query("DELETE FROM ingest_problems WHERE file_key = ?", [file_key])
            state = None
        state = store.file_begin(file_key=file_key, path=str(path), adapter=adapter.name)
        result.resumed_from = state.items_done
        tasks = self._tasks(path, adapter, layout, file_key, state.items_done, state.bytes_done)
        size = path.stat().st_size
        items_done, line_offset = state.items_done, state.items_done if layout.layout == "lines" else 0
        pending: list[PartBlock] = []  # blocks received and not yet committed, in file order
        waiting = 0  # their ads
        for task, block in self._run(pool, tasks):
            end = task.end if isinstance(task, RangeTask) else 0
            offset = line_offset if isinstance(task, RangeTask) else 0
            problems = tuple(
                (f"{task.label}{line + offset}", reason, detail) for line, reason, detail in block.problems
            )
            items_done += block.items
            _add_seconds(result.stage_seconds, block.stage_seconds)
            pending.append(PartBlock(block.part, block.payload, offset, items_done, end, problems))
            waiting += block.records
            if isinstance(task, RangeTask):
                line_offset += block.items
            result.skipped += len(problems)
            for origin, reason, detail in problems:
                result.reasons[reason] += 1
                if len(result.problems) < self.max_listed_problems:
                    result.problems.append(f"{origin}: {reason}{' (' + detail + ')' if detail else ''}")
            if self.progress is not None:
                fraction = end / size if isinstance(task, RangeTask) and size else None
                self.progress(path.name, items_done, fraction)
            if waiting >= self.config.commit_ads:
                # Whole row groups, unless what waits has grown to two commits' worth: a file whose ads
                # are mostly stored already brings few new ones, and memory must stay flat all the same.
                aligned = waiting < 2 * self.config.commit_ads
                pending = self._commit(store, file_key, pending, result, whole_row_groups=aligned)
                waiting = sum(b.num_rows for b in pending)
        if pending:
            self._commit(store, file_key, pending, result, whole_row_groups=False)
        store.file_finish(file_key)
        return result

    def _commit(
        self,
        store: AdStore,
        file_key: str,
        blocks: list[PartBlock],
        result: FileSummary,
        *,
        whole_row_groups: bool,
    ) -> list[PartBlock]:
        """One transaction for the blocks received since the last commit, checkpoint included; returns
        the blocks (or the rest of one) carried to the next commit to keep row groups whole."""
        mark = time.process_time()
        commit = store.commit_parts(blocks, file_key=file_key, whole_row_groups=whole_row_groups)
        _add_seconds(result.stage_seconds, {"commit": time.process_time() - mark})
        for name in commit.unused_payloads:
            (self.texts / name).unlink(missing_ok=True)  # every ad in it was stored before
        result.added += commit.added
        result.duplicates += commit.duplicates
        if self.after_commit is not None:
            self.after_commit(result)
        return commit.carried

    def _tasks(
        self,
        path: Path,
        adapter: Adapter,
        layout: FileLayout,
        file_key: str,
        items_done: int,
        bytes_done: int,
    ) -> Iterator[RangeTask | ItemsTask]:
        # Payload names carry the file and the block's first record, so a resumed run writes new names
        # and a re-run of the same block overwrites its own unreferenced leftovers.
        counter = iter(range(1 << 62))
        run = f"{file_key}-{items_done}-{bytes_done}"

        def part() -> Path:
            return self.texts / f"{run}-{next(counter)}.parquet"

        if layout.layout == "lines" and not layout.compression:
            for start, end in line_ranges(path, start=bytes_done, block_bytes=self.config.block_bytes):
                yield RangeTask(adapter, path, start, end, f"{path.name}:", part())
            return
        batch: list[tuple[int, Any]] = []
        label = f"{path.name}:"
        source: Iterator[tuple[int, Any]]
        if layout.layout == "lines":
            # Line numbers restart in each zip member; the label carries the member's name.
            source = self._labelled_lines(path, items_done)
        elif layout.layout == "csv":
            source = iter_csv(path, skip=items_done)
        else:
            label = f"{path.name}#"
            source = iter_document(path, layout.document_prefix, skip=items_done)
        current_label = label
        for number, raw in source:
            if isinstance(raw, tuple):  # (stream label, line bytes) from a compressed container
                stream_label, raw = raw
                if stream_label != current_label and batch:
                    yield ItemsTask(adapter, batch, current_label, part())
                    batch = []
                current_label = stream_label
            batch.append((number, raw))
            if len(batch) >= self.config.block_ads:
                yield ItemsTask(adapter, batch, current_label, part())
                batch = []
        if batch:
            yield ItemsTask(adapter, batch, current_label, part())

    @staticmethod
    def _labelled_lines(path: Path, skip: int) -> Iterator[tuple[int, Any]]:
        for label, number, line in iter_lines(path, skip=skip):
            yield number, (f"{label}:", line)

    def _run(
        self, pool: Pool | None, tasks: Iterator[RangeTask | ItemsTask]
    ) -> Iterator[tuple[RangeTask | ItemsTask, BlockResult]]:
        """Results in task order, with at most two blocks per worker in flight (bounded memory)."""
        if pool is None:
            for task in tasks:
                yield task, process_task(task)
            return
        pending: collections.deque[tuple[RangeTask | ItemsTask, AsyncResult[BlockResult]]] = (
            collections.deque()
        )
        limit = 2 * self.config.workers
        for task in tasks:
            pending.append((task, pool.apply_async(process_task, (task,))))
            if len(pending) >= limit:
                done_task, future = pending.popleft()
                yield done_task, future.get()
        while pending:
            done_task, future = pending.popleft()
            yield done_task, future.get()


def _stop(pool: Pool | None) -> None:
    if pool is not None:
        pool.terminate()
        pool.join()


def ingest_paths(paths: Iterable[Path], **kwargs: Any) -> RunSummary:
    options = {k: kwargs.pop(k) for k in ("fmt", "mapping", "force") if k in kwargs}
    return Pipeline(**kwargs).ingest(paths, **options)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
