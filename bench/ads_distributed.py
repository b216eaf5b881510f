"""Scaling of the job-ad pipeline on Dask: 1 and 2 LocalCluster workers on this machine.

    python bench/ads_distributed.py [--ads N] [--workers 1,2] [--memory-limit 1GiB] [--json]

Generates (or reuses) a synthetic corpus in the JobTech historical JSON Lines shape with the generator
of bench/ads_throughput.py, then ingests it into a fresh store once per worker count with worker
processes (`LocalCluster(processes=True, threads_per_worker=1, memory_limit=...)`). Cluster start and
the classifier build in each worker happen before the clock starts. Reports seconds, ads/s, ads/s per
worker, the parallel efficiency (speed-up / workers against the 1-worker run) and each worker's peak RSS.
The target of issue 7 is a 5-million-ad corpus (`--ads 5000000`, ~15 GB of JSON Lines and about an hour
per configuration here); the default is smaller so the benchmark finishes in minutes. Report what you ran.
With --json the last line is one object: {"ads": N, "runs": [{"workers": w, "seconds": t, "ads_per_s": x,
"ads_per_s_per_worker": y, "efficiency": e, "worker_peak_rss_mb": [..]}]}.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]


def _throughput_bench():  # type: ignore[no-untyped-def]
    """bench/ads_throughput.py, for its corpus generator and cache (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("ads_throughput", ROOT / "bench" / "ads_throughput.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _peak_rss_mb() -> float:
    """This process's own high-water mark (VmHWM). Not ru_maxrss: Linux carries that across exec, so a
    worker spawned by a big parent would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ads", type=int, default=200_000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--memory-limit", default="1GiB", help="Dask memory limit per worker")
    parser.add_argument("--block-mb", type=int, default=16, help="MB of JSON Lines per partition")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from distributed import Client, LocalCluster

    from kartlagg.ads.configuration import PipelineConfig
    from kartlagg.ads.distributed.run import DaskPipeline, _ensure_worker
    from kartlagg.ads.pipeline import default_classifier

    throughput = _throughput_bench()
    cache = throughput.cache_dir()
    corpus = throughput.cached_corpus(args.ads)
    size_mb = corpus.stat().st_size / 1e6
    config = PipelineConfig(block_bytes=args.block_mb * 1024 * 1024)
    runs: list[dict[str, object]] = []
    for workers in [int(w) for w in args.workers.split(",")]:
        store_dir = Path(tempfile.mkdtemp(prefix="kartlagg-dist-store-", dir=cache))
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                memory_limit=args.memory_limit,
                dashboard_address=":0",
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(_ensure_worker, default_classifier, config.near_duplicate_threshold)
            client.run(lambda: None)
            pipeline = DaskPipeline(store=store_dir / "ads.duckdb", config=config, client=client)
            cpu_before = client.run(_cpu_seconds)
            started, parent_started = time.perf_counter(), time.process_time()
            summary = pipeline.ingest([corpus])
            seconds = time.perf_counter() - started
            parent_cpu = time.process_time() - parent_started
            cpu_after = client.run(_cpu_seconds)
            # On a shared machine the wall clock depends on the neighbours; worker CPU seconds do not.
            worker_cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)
            peaks = sorted(round(v) for v in client.run(_peak_rss_mb).values())
        shutil.rmtree(store_dir, ignore_errors=True)
        rate = args.ads / seconds
        run = {
            "workers": workers,
            "seconds": round(seconds, 2),
            "ads_per_s": round(rate),
            "ads_per_s_per_worker": round(rate / workers),
            "worker_peak_rss_mb": peaks,
            "worker_cpu_seconds": round(worker_cpu, 1),
            "parent_cpu_seconds": round(parent_cpu, 1),
            "parent_stage_seconds": {
                k: round(v, 1) for k, v in summary.stage_seconds.items() if k in ("commit", "resolve")
            },
            "added": summary.added,
            "near_duplicates": summary.near_duplicates,
            "exact_duplicates": summary.exact_duplicates,
        }
        runs.append(run)
        print(
            f"{workers} worker(s): {args.ads} ads ({size_mb:.0f} MB) in {seconds:.1f} s = {rate:,.0f} ads/s, "
            f"{rate / workers:,.0f} ads/s per worker; "
            f"worker peak RSS {peaks} MB (limit {args.memory_limit}); parent peak {_peak_rss_mb():.0f} MB; "
            f"{summary.added} added, {summary.exact_duplicates} exact + "
            f"{summary.near_duplicates} near duplicates; worker CPU {worker_cpu:.1f} s "
            f"({args.ads / worker_cpu:,.0f} ads per worker-CPU-second); parent (commits, dedup) CPU "
            f"{parent_cpu:.1f} s (commit {summary.stage_seconds.get('commit', 0):.1f} s, duplicate pass "
            f"{summary.stage_seconds.get('resolve', 0):.1f} s)",
            file=sys.stderr,
        )
    # Parallel efficiency against the 1-worker run (whatever order the runs were in).
    single = [r for r in runs if r["workers"] == 1]
    for r in runs:
        if single:
            base = float(single[0]["ads_per_s"])  # type: ignore[arg-type]
            r["efficiency"] = round(float(r["ads_per_s"]) / (base * int(r["workers"])), 2)  # type: ignore[arg-type]
            print(f"{r['workers']} worker(s): parallel efficiency {r['efficiency']}", file=sys.stderr)
    counts = {(r["added"], r["near_duplicates"], r["exact_duplicates"]) for r in runs}
    if len(counts) != 1:
        print(f"COUNTS DIFFER between worker counts: {counts}", file=sys.stderr)
        return 1
    result = {"ads": args.ads, "cpus": os.cpu_count(), "runs": runs}
    print(orjson.dumps(result).decode() if args.json else f"counts identical across runs: {counts.pop()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
