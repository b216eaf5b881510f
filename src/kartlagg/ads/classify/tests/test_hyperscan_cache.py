"""Compiled hyperscan databases come back from the disk cache, and a bad cache file is compiled again."""

from __future__ import annotations

from pathlib import Path

import pytest

from kartlagg.ads.classify import hyperscan_cache
from kartlagg.ads.classify.matcher import Pattern, _hs_expression

hyperscan = pytest.importorskip("hyperscan")


def _found(db: object, text: bytes) -> list[tuple[int, int]]:
    hits: list[tuple[int, int]] = []
    db.scan(text, match_event_handler=lambda i, s, e, f, c: hits.append((i, e)))  # type: ignore[attr-defined]
    return hits


@pytest.fixture
def many(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[list[bytes], list[int]]:
    monkeypatch.setenv(hyperscan_cache.ENV_CACHE_DIR, str(tmp_path))
    words = [f"term{i}" for i in range(hyperscan_cache._WORTH_CACHING)] + ["vävnad"]
    return [_hs_expression(Pattern(w, case_sensitive=True)) for w in words], [hyperscan.HS_FLAG_UTF8] * len(
        words
    )


def test_a_database_is_compiled_once_and_then_loaded(
    many: tuple[list[bytes], list[int]], tmp_path: Path
) -> None:
    expressions, flags = many
    first = hyperscan_cache.database(expressions, flags)
    files = list(tmp_path.glob("hyperscan-*.db"))
    assert len(files) == 1
    again = hyperscan_cache.database(expressions, flags)
    text = "x term7 vävnad".encode()
    assert _found(again, text) == _found(first, text) == [(7, 7), (200, len(text))]


def test_another_lexicon_gets_another_file(many: tuple[list[bytes], list[int]], tmp_path: Path) -> None:
    expressions, flags = many
    hyperscan_cache.database(expressions, flags)
    hyperscan_cache.database(expressions[:-1] + [b"cell"], flags)
    assert len(list(tmp_path.glob("hyperscan-*.db"))) == 2


def test_a_corrupt_cache_file_is_compiled_again(many: tuple[list[bytes], list[int]], tmp_path: Path) -> None:
    expressions, flags = many
    hyperscan_cache.database(expressions, flags)
    (cached,) = tmp_path.glob("hyperscan-*.db")
    cached.write_bytes(b"not a database")
    db = hyperscan_cache.database(expressions, flags)
    assert _found(db, b"term3") == [(3, 5)]
    assert cached.read_bytes() != b"not a database"


def test_small_databases_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(hyperscan_cache.ENV_CACHE_DIR, str(tmp_path))
    hyperscan_cache.database([b"abc"], [0])
    assert not list(tmp_path.iterdir())
