"""The job-ad pipeline on Dask gives the single-machine results: same counts, same duplicates, exact
under retries. Small real input (the repo's JobTech historical sample) cut into one-ad partitions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.distributed import run as dask_run
from kartlagg.ads.distributed.run import DaskPipeline
from kartlagg.ads.distributed.scheduler import SchedulerConfig
from kartlagg.ads.pipeline import Pipeline
from kartlagg.ads.store import AdStore

SAMPLE = Path(__file__).parents[2] / "tests" / "fixtures" / "historical_sample.jsonl"
# Tiny byte blocks: every ad is its own partition, so any two ads meet only across partitions.
TINY_BLOCKS = PipelineConfig(workers=1, block_bytes=256)
TWO_THREAD_WORKERS = SchedulerConfig(scheduler="local", workers=2, processes=False, retries=1)
TWO_PROCESS_WORKERS = SchedulerConfig(scheduler="local", workers=2, processes=True, retries=1)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The sample plus, at the end, a repost of its first ad with a new id and a changed closing line:
    a near duplicate (not an exact one) that lands in another partition than the original."""
    lines = SAMPLE.read_bytes().splitlines()
    first = orjson.loads(lines[0])
    first["id"] = "h-1001-repost"
    first["description"]["text"] += "\n\nSista ansökningsdag är den 30 april."
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n".join([*lines, orjson.dumps(first)]) + b"\n")
    return path


def snapshot(store_file: Path) -> dict[str, Any]:
    with AdStore(store_file, read_only=True) as store:
        return {
            "ads": store.query("SELECT source_id, origin, seq, dup_of, positions FROM ads ORDER BY seq"),
            "classes": store.query(
                "SELECT a.source_id, c.relevance, c.score, c.areas FROM ad_classifications c "
                "JOIN ads a USING (ad_key) ORDER BY a.seq"
            ),
            "counted": store.query("SELECT count(*), sum(positions) FROM ads WHERE dup_of IS NULL")[0],
        }


def test_in_process_and_two_worker_cluster_give_the_single_machine_store(
    corpus: Path, tmp_path: Path
) -> None:
    single = Pipeline(store=tmp_path / "a" / "ads.duckdb", config=TINY_BLOCKS)
    in_process = DaskPipeline(
        store=tmp_path / "b" / "ads.duckdb", config=TINY_BLOCKS, scheduler=SchedulerConfig()
    )
    cluster = DaskPipeline(
        store=tmp_path / "c" / "ads.duckdb", config=TINY_BLOCKS, scheduler=TWO_THREAD_WORKERS
    )
    summaries = [p.ingest([corpus]) for p in (single, in_process, cluster)]

    assert [(s.added, s.exact_duplicates, s.near_duplicates) for s in summaries] == [(10, 0, 1)] * 3
    expected = snapshot(tmp_path / "a" / "ads.duckdb")
    assert expected["counted"] == (9, 10)  # 9 ads counted (the repost is not), 10 positions
    assert {row[1] for row in expected["classes"]} >= {"atmp", "none"}
    assert snapshot(tmp_path / "b" / "ads.duckdb") == expected
    assert snapshot(tmp_path / "c" / "ads.duckdb") == expected
    # Results landed as one Parquet part per partition (10 ads, one per block).
    assert len(list((tmp_path / "c" / "parts").glob("*/*.parquet"))) == 10


def test_two_worker_processes_give_the_single_machine_store(corpus: Path, tmp_path: Path) -> None:
    """As deployed: two worker processes, each with its own classifier, nothing shared but the files."""
    single = Pipeline(store=tmp_path / "a" / "ads.duckdb", config=TINY_BLOCKS)
    cluster = DaskPipeline(
        store=tmp_path / "c" / "ads.duckdb", config=TINY_BLOCKS, scheduler=TWO_PROCESS_WORKERS
    )
    summaries = [p.ingest([corpus]) for p in (single, cluster)]

    assert [(s.added, s.exact_duplicates, s.near_duplicates) for s in summaries] == [(10, 0, 1)] * 2
    assert snapshot(tmp_path / "c" / "ads.duckdb") == snapshot(tmp_path / "a" / "ads.duckdb")


def test_near_duplicate_pair_split_across_partitions_is_found_once(corpus: Path, tmp_path: Path) -> None:
    store_file = tmp_path / "ads.duckdb"
    pipeline = DaskPipeline(
        store=store_file, config=TINY_BLOCKS, scheduler=TWO_THREAD_WORKERS, classifier_factory=None
    )
    summary = pipeline.ingest([corpus])

    assert summary.near_duplicates == 1
    with AdStore(store_file, read_only=True) as store:
        copies = store.query("SELECT c.source_id, o.source_id FROM ads c JOIN ads o ON o.ad_key = c.dup_of")
        origins = store.query(
            "SELECT origin FROM ads WHERE source_id IN ('h-1001', 'h-1001-repost') ORDER BY seq"
        )
    assert copies == [("h-1001-repost", "h-1001")]
    assert [o for (o,) in origins] == ["corpus.jsonl:1", "corpus.jsonl:10"]


def test_a_block_that_fails_once_and_is_retried_is_counted_once(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure strikes after the block's Parquet files are written but before its manifest: the
    retry runs the block again over its own leftovers, and the store still counts every ad once."""
    failures: list[str] = []
    real_write = dask_run._write_manifest

    def flaky_write(spec: dask_run.PartitionSpec, outcome: dask_run.PartitionOutcome) -> None:
        if not failures:
            failures.append(spec.partition_id)
            raise OSError("worker lost its disk for a moment")
        real_write(spec, outcome)

    monkeypatch.setattr(dask_run, "_write_manifest", flaky_write)
    store_file = tmp_path / "ads.duckdb"
    summary = DaskPipeline(
        store=store_file, config=TINY_BLOCKS, scheduler=TWO_THREAD_WORKERS, classifier_factory=None
    ).ingest([corpus])

    assert len(failures) == 1
    assert (summary.added, summary.near_duplicates) == (10, 1)
    with AdStore(store_file, read_only=True) as store:
        assert store.query("SELECT count(*), count(DISTINCT ad_key) FROM ads")[0] == (10, 10)
        assert store.query("SELECT count(*) FROM ads WHERE dup_of IS NULL")[0] == (9,)


def test_running_the_same_blocks_again_reuses_their_outputs_and_adds_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    store_file = tmp_path / "ads.duckdb"
    pipeline = DaskPipeline(store=store_file, config=TINY_BLOCKS, classifier_factory=None)
    first = pipeline.ingest([corpus])
    manifests = sorted(p.name for p in (tmp_path / "parts").glob("*/*.json"))
    again = pipeline.ingest([corpus], force=True)

    assert first.added == 10
    assert (again.added, again.files[0].duplicates) == (0, 10)
    assert sorted(p.name for p in (tmp_path / "parts").glob("*/*.json")) == manifests
    with AdStore(store_file, read_only=True) as store:  # the stored ads still find their texts
        key = store.query("SELECT ad_key FROM ads WHERE source_id = 'h-1001'")[0][0]
        assert store.ad_text(key).startswith("Exempel Cellterapi AB")


def test_scheduler_is_chosen_by_setting(settings: Any) -> None:
    assert SchedulerConfig.from_settings().in_process
    settings.KARTLAGG_DASK_SCHEDULER = "tcp://10.0.0.5:8786"
    config = SchedulerConfig.from_settings(workers=4)
    assert (config.scheduler, config.workers, config.in_process) == ("tcp://10.0.0.5:8786", 4, False)
