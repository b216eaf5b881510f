"""Compiled hyperscan databases, kept on disk between runs.

Compiling is the slow part of hyperscan: ~1 s for the relevance lexicon, ~4.5 s for the 44,000 skill
label keys, in every process that classifies. A compiled database serialises to a few MB and loads in
a millisecond, so each one is stored once under the cache directory, named by a hash of everything that
went into it (expressions, flags, ids, mode and the hyperscan version): a changed lexicon or library is a
new name, never a stale database. A missing, unreadable or corrupt file is simply compiled again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tempfile
from pathlib import Path
from typing import Any

import hyperscan

ENV_CACHE_DIR = "KARTLAGG_CACHE_DIR"
_WORTH_CACHING = 200  # smaller databases compile in milliseconds


def cache_dir() -> Path:
    """KARTLAGG_CACHE_DIR, else <var dir>/cache (the var dir is where the store lives)."""
    value = os.environ.get(ENV_CACHE_DIR)
    if value:
        return Path(value)
    from kartlagg.ads.configuration import var_dir

    return var_dir() / "cache"


def database(expressions: list[bytes], flags: list[int], *, mode: int = hyperscan.HS_MODE_BLOCK) -> Any:
    """A block-mode database with pattern ids 0..n-1, from the cache or compiled (and then cached)."""
    ids = list(range(len(expressions)))
    if len(expressions) < _WORTH_CACHING:
        return _compile(expressions, flags, ids, mode)
    path = cache_dir() / f"hyperscan-{_fingerprint(expressions, flags, mode)}.db"
    try:
        db = hyperscan.loadb(path.read_bytes(), mode)
        db.scratch = hyperscan.Scratch(db)
        return db
    except (OSError, hyperscan.error):
        pass
    db = _compile(expressions, flags, ids, mode)
    _store(path, hyperscan.dumpb(db))
    return db


def _compile(expressions: list[bytes], flags: list[int], ids: list[int], mode: int) -> Any:
    db = hyperscan.Database(mode=mode)
    db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
    return db


def _fingerprint(expressions: list[bytes], flags: list[int], mode: int) -> str:
    digest = hashlib.sha256()
    digest.update(importlib.metadata.version("hyperscan").encode())
    digest.update(f"|{mode}|{len(expressions)}|".encode())
    for expression, flag in zip(expressions, flags, strict=True):
        digest.update(len(expression).to_bytes(4, "little"))
        digest.update(expression)
        digest.update(flag.to_bytes(4, "little"))
    return digest.hexdigest()[:32]


def _store(path: Path, data: bytes) -> None:
    """Write atomically (two processes may compile the same database at once); a cache that cannot be
    written (read-only disk) only costs the next process a compile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
        ) as out:
            out.write(data)
        os.replace(out.name, path)
    except OSError:
        return
