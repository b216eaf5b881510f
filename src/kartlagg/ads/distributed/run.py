"""Blocks as Dask tasks, outputs as Parquet keyed by content, commits by the single-machine code.

Why this shape:
- One code path. `DaskPipeline` subclasses `Pipeline` and replaces only `_run`, the place where blocks
  are executed. Planning the blocks, committing them (in file order, with the file checkpoint),
  resuming, and resolving duplicates are the single-machine code, so both give the same store.
- Exact under retries. A block's outputs are named by the block's content (file fingerprint and the
  position of the block in it), written under a temporary name and renamed, and a manifest written last
  marks the block complete. A retried or repeated task finds the manifest and returns it; one that died
  half way is simply run again and overwrites its own leftovers. The store adds only ad keys it has not
  seen, so even a block committed twice adds nothing.
- Duplicates across partitions. Workers only compute keys, MinHash signatures and LSH band keys; the
  near-duplicate search is one global pass over the bands of all partitions in the store
  (`AdStore.resolve_duplicates`), so two copies in different partitions still meet.
"""

from __future__ import annotations

import collections
import hashlib
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from kartlagg.ads import pipeline as single
from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.distributed.scheduler import SchedulerConfig, dask_client
from kartlagg.ads.pipeline import (
    BlockResult,
    ClassifierFactory,
    ItemsTask,
    Pipeline,
    RangeTask,
    default_classifier,
)

# The block function keeps its classifier in a module global; worker threads of one process share it,
# so they take turns (Dask workers are started with one thread each; only an in-process-thread cluster
# has several workers in one process).
_LOCK = threading.Lock()
_READY: dict[str, tuple[ClassifierFactory | None, float]] = {}


@dataclass(frozen=True)
class PartitionSpec:
    task: RangeTask | ItemsTask  # its `part` is the payload file: texts/<partition id>.parquet
    parts_dir: Path
    classifier_factory: ClassifierFactory | None
    threshold: float

    @property
    def partition_id(self) -> str:
        return self.task.part.stem


@dataclass(frozen=True)
class PartitionOutcome:
    partition_id: str
    part: str  # Parquet file under parts_dir with the block's ads (PART_SCHEMA); "" when none
    payload: str  # file name under texts/
    items: int
    records: int
    problems: list[tuple[int, str, str]]
    reused: bool = False  # read from the manifest of an earlier, completed run of the block


def _ensure_worker(factory: ClassifierFactory | None, threshold: float) -> None:
    """Build the classifier once per worker process (the parent's is reused by in-process workers)."""
    wanted = (factory, threshold)
    if _READY.get("state") != wanted or "plan" not in single._WORKER:
        single._init_worker(factory, threshold)
        _READY["state"] = wanted


def _manifest_path(spec: PartitionSpec) -> Path:
    return spec.parts_dir / f"{spec.partition_id}.json"


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_manifest(spec: PartitionSpec, outcome: PartitionOutcome) -> None:
    payload = {
        "partition_id": outcome.partition_id,
        "part": outcome.part,
        "payload": outcome.payload,
        "items": outcome.items,
        "records": outcome.records,
        "problems": outcome.problems,
    }
    _write_atomically(_manifest_path(spec), orjson.dumps(payload))


def _read_manifest(path: Path) -> PartitionOutcome:
    data = orjson.loads(path.read_bytes())
    data["problems"] = [tuple(p) for p in data["problems"]]
    return PartitionOutcome(**data, reused=True)


def run_partition(spec: PartitionSpec) -> PartitionOutcome:
    """The Dask task: one block through the single-machine block function, outputs written atomically.

    Idempotent: a block whose manifest exists is not computed again.
    """
    manifest = _manifest_path(spec)
    if manifest.exists():
        return _read_manifest(manifest)
    spec.parts_dir.mkdir(parents=True, exist_ok=True)
    spec.task.part.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        _ensure_worker(spec.classifier_factory, spec.threshold)
        block = single.process_task(spec.task)
    part_name = ""
    if block.part is not None:
        part_name = f"{spec.partition_id}.parquet"
        tmp = spec.parts_dir / f".{part_name}.{os.getpid()}.{threading.get_ident()}.tmp"
        pq.write_table(block.part, tmp, compression="zstd", compression_level=1)
        os.replace(tmp, spec.parts_dir / part_name)
    outcome = PartitionOutcome(
        partition_id=spec.partition_id,
        part=part_name,
        payload=block.payload,
        items=block.items,
        records=block.records,
        problems=[(int(line), reason, detail) for line, reason, detail in block.problems],
    )
    _write_manifest(spec, outcome)  # last: the block counts as done only once everything is on disk
    return outcome


def block_result(outcome: PartitionOutcome, parts_dir: Path, texts_dir: Path) -> BlockResult:
    """The partition's Parquet part read back into the shape the single-machine commit takes."""
    part = pq.read_table(parts_dir / outcome.part) if outcome.part else None
    payload = outcome.payload
    if outcome.reused and payload:
        # The commit deletes a payload none of whose ads were new; a reused payload may be the one the
        # stored ads point to, so the commit gets a hard link of its own to keep or delete.
        payload = f"{Path(payload).stem}-again-{uuid.uuid4().hex[:8]}.parquet"
        try:
            os.link(texts_dir / outcome.payload, texts_dir / payload)
        except OSError:
            shutil.copyfile(texts_dir / outcome.payload, texts_dir / payload)
    return BlockResult(
        part=part,
        payload=payload,
        items=outcome.items,
        problems=list(outcome.problems),
        records=outcome.records,
    )


class DaskPipeline(Pipeline):
    """`Pipeline` whose blocks run on Dask: in-process, a LocalCluster or a scheduler address.

    Workers must see the input files and the store's folder at the same paths (a shared file system on
    a cluster); they write `<store dir>/parts/*.parquet` and `<store dir>/texts/*.parquet`.
    """

    def __init__(
        self,
        *,
        store: Path | None = None,
        config: PipelineConfig | None = None,
        scheduler: SchedulerConfig | None = None,
        classifier_factory: ClassifierFactory | None = default_classifier,
        client: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(store=store, config=config, classifier_factory=classifier_factory, **kwargs)
        self.scheduler = scheduler or SchedulerConfig.from_settings()
        self.parts = self.store_file.parent / "parts"
        self.given_client = client  # a distributed.Client the caller owns (the benchmark's warm cluster)
        self.client: Any = None

    def ingest(self, paths: Any, **options: Any) -> single.RunSummary:
        self.parts.mkdir(parents=True, exist_ok=True)
        if self.given_client is not None:
            self.client = self.given_client
            try:
                return super().ingest(paths, **options)
            finally:
                self.client = None
        with dask_client(self.scheduler) as client:
            self.client = client
            try:
                return super().ingest(paths, **options)
            finally:
                self.client = None

    def _pool(self) -> None:
        # The parent builds the classifier once: in-process runs and thread workers use it as it is.
        _ensure_worker(self.classifier_factory, self.config.near_duplicate_threshold)
        return None

    def _variant(self) -> str:
        """Outputs of a run without the classifier, or with another version, live in their own folder."""
        classifier = single._WORKER.get("classifier")
        version = getattr(classifier, "model_version", "") if classifier is not None else "unclassified"
        digest = hashlib.blake2b(
            f"{version}|{self.config.near_duplicate_threshold}".encode(), digest_size=6
        ).hexdigest()
        return digest

    def _spec(self, task: RangeTask | ItemsTask) -> PartitionSpec:
        return PartitionSpec(
            task=task,
            parts_dir=self.parts / self._variant(),
            classifier_factory=self.classifier_factory,
            threshold=self.config.near_duplicate_threshold,
        )

    def _run(  # type: ignore[override]
        self, pool: None, tasks: Iterator[RangeTask | ItemsTask]
    ) -> Iterator[tuple[RangeTask | ItemsTask, BlockResult]]:
        """Results in task order (commits stay in file order, so `seq` and the counted copy of each
        duplicate are the same as on one machine), with at most two blocks per worker in flight."""
        if self.client is None:
            for task in tasks:
                spec = self._spec(task)
                yield task, block_result(run_partition(spec), spec.parts_dir, self.texts)
            return
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        limit = 2 * workers
        pending: collections.deque[tuple[RangeTask | ItemsTask, Any]] = collections.deque()
        parts_dir = self.parts / self._variant()
        for task in tasks:
            spec = self._spec(task)
            future = self.client.submit(
                run_partition, spec, key=f"kartlagg-block-{spec.partition_id}", retries=self.scheduler.retries
            )
            pending.append((task, future))
            if len(pending) >= limit:
                done_task, done = pending.popleft()
                yield done_task, block_result(done.result(), parts_dir, self.texts)
        while pending:
            done_task, done = pending.popleft()
            yield done_task, block_result(done.result(), parts_dir, self.texts)
