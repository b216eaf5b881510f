"""Where the job-ad store lives and the pipeline's tunable numbers, read from Django settings when present.

The pipeline itself is plain Python (the benchmark runs it without Django), so every value has a default
and settings are consulted only if Django is configured.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _settings_value(name: str) -> object | None:
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, name, None)
    except ImportError:  # pragma: no cover - Django is a dependency, but the bench may run bare
        return None
    return None


def var_dir() -> Path:
    value = _settings_value("VAR_DIR")
    if value is None:
        value = os.environ.get("KARTLAGG_VAR_DIR") or Path(__file__).resolve().parents[3] / "var"
    path = Path(str(value))
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_path() -> Path:
    """The DuckDB file: KARTLAGG_ADS_STORE (setting or environment), else <var dir>/ads/ads.duckdb."""
    value = _settings_value("KARTLAGG_ADS_STORE") or os.environ.get("KARTLAGG_ADS_STORE")
    path = Path(str(value)) if value else var_dir() / "ads" / "ads.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class PipelineConfig:
    # Ads per block: one block is parsed, classified and committed as a unit (and is the resume step).
    block_ads: int = 4000
    # Bytes per block when a JSON Lines file is split by offset (workers read their own byte range).
    block_bytes: int = 16 * 1024 * 1024
    # Ads per commit (the resume step): blocks are committed together, as a commit has a fixed cost of
    # ~15 ms, and from DuckDB's row group size on, rows go straight to the database file instead of
    # through the write-ahead log and a checkpoint. A stopped run redoes at most this many ads (and a
    # block), and never counts one twice.
    commit_ads: int = 122_880
    # DuckDB's row group size. A commit stores new ads in whole row groups and carries the rest to the
    # next one: a partly filled row group is compressed and rewritten at the next checkpoint (store.py).
    row_group_rows: int = 122_880
    workers: int = max(1, min(2, os.cpu_count() or 1))
    # DuckDB limits: memory stays bounded whatever the corpus size.
    duckdb_memory_limit: str = "192MB"
    duckdb_threads: int = 2
    # Near-duplicate detection: estimated Jaccard of sampled 8-byte shingles at or above this is one ad.
    near_duplicate_threshold: float = 0.8
    # Malformed-record reports kept per file in the store (all are counted; only the first are listed).
    max_problem_rows: int = 1000
