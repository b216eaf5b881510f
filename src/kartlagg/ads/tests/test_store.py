"""The store's own rules: versioned keys, and a key index that decides what is new without scanning."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.ads import store as store_module
from kartlagg.ads.exceptions import StoreVersionError
from kartlagg.ads.pipeline import Pipeline
from kartlagg.ads.store import SCHEMA_VERSION, AdStore, KeyIndex


def test_a_store_written_with_other_keys_is_refused_before_anything_is_added(
    fixtures: Path, store_file: Path
) -> None:
    Pipeline(store=store_file, classifier_factory=None).ingest([fixtures / "historical_sample.jsonl"])
    with AdStore(store_file) as store:
        stored = store.query("SELECT count(*) FROM ads")[0][0]
        store.query("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(StoreVersionError, match=r"store schema 1, this version writes 2"):
        AdStore(store_file)
    with AdStore(store_file, read_only=True) as store:  # reading it stays possible
        assert store.query("SELECT count(*) FROM ads")[0][0] == stored
    assert SCHEMA_VERSION == 2


def test_an_empty_store_of_an_older_version_is_simply_taken_over(store_file: Path) -> None:
    store_file.parent.mkdir(parents=True)
    with AdStore(store_file) as store:
        store.query("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
    with AdStore(store_file) as store:
        assert store.query("SELECT value FROM store_meta WHERE key = 'schema_version'") == [("2",)]


def test_key_index_knows_the_body_and_every_added_tail() -> None:
    index = KeyIndex(np.array([5, -3, 9, 5], dtype=np.int64))
    assert len(index) == 3
    index.add(np.array([100, -200], dtype=np.int64))
    index.add(np.array([7], dtype=np.int64))
    probe = np.array([-200, -3, 0, 5, 7, 8, 9, 100, 101], dtype=np.int64)
    assert index.contains(probe).tolist() == [True, True, False, True, True, False, True, True, False]
    assert len(index) == 6


def test_key_index_merges_its_tail_and_keeps_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KeyIndex, "_TAIL_LIMIT", 4)
    index = KeyIndex(np.array([], dtype=np.int64))
    assert index.contains(np.array([1], dtype=np.int64)).tolist() == [False]
    for start in range(0, 30, 3):
        index.add(np.arange(start, start + 3, dtype=np.int64))
    assert len(index) == 30
    assert index.contains(np.arange(-1, 32, dtype=np.int64)).sum() == 30


def test_a_second_connection_adding_ads_is_noticed(fixtures: Path, store_file: Path) -> None:
    """The index is reloaded when the table's row count moved under it, so nothing is added twice."""
    store_file.parent.mkdir(parents=True)
    with AdStore(store_file) as first:
        first._known_keys()
        Pipeline(store=store_file, classifier_factory=None).ingest([fixtures / "historical_sample.jsonl"])
        assert len(first._known_keys()) == first.query("SELECT count(*) FROM ads")[0][0] > 0


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(1, 4), st.integers(1, 12)), min_size=0, max_size=40, unique=True),
    since=st.integers(0, 12),
    first=st.integers(1, 4),
)
def test_band_pairs_are_each_new_ad_against_the_first_earlier_ads_of_its_band(
    rows: list[tuple[int, int]], since: int, first: int
) -> None:
    """(band, seq) rows; an ad's key is its seq. Expected by brute force, per band in seq order."""
    rows.sort()
    bands = np.array([b for b, _ in rows], dtype=np.int64)
    seqs = np.array([s for _, s in rows], dtype=np.int64)
    expected: list[tuple[int, int, int]] = []
    for band in sorted(set(bands.tolist())):
        members = sorted(s for b, s in rows if b == band)
        for position, seq in enumerate(members):
            if seq > since:
                expected += [(seq, old, old) for old in members[: min(position, first)]]
    budget = store_module._PAIRS_PER_BATCH
    store_module._PAIRS_PER_BATCH = 3  # several batches even for a few rows
    try:
        found = [
            (int(n), int(o), int(q))
            for new, old, oseq in store_module._band_pairs(bands, seqs, seqs, since, first)
            for n, o, q in zip(new, old, oseq, strict=True)
        ]
    finally:
        store_module._PAIRS_PER_BATCH = budget
    assert sorted(found) == sorted(expected)
    named = {key for new, old, _ in expected for key in (new, old)}
    assert store_module._named_keys(bands, seqs, seqs, since, first).tolist() == sorted(named)


def test_near_copies_are_the_same_whether_signatures_are_held_per_slice_or_per_batch(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = (fixtures / "historical_sample.jsonl").read_bytes().splitlines()

    first = orjson.loads(lines[0])
    first["id"] = "repost-of-the-first"
    first["description"]["text"] += "\n\nSista ansökningsdag är den 30 april."
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"\n".join([*lines, orjson.dumps(first)]) + b"\n")
    marks = []
    for held in (store_module._SIGNATURES_HELD, 0):
        monkeypatch.setattr(store_module, "_SIGNATURES_HELD", held)
        monkeypatch.setattr(store_module, "_PAIRS_PER_BATCH", 1)
        store_file = tmp_path / f"held-{held}" / "ads.duckdb"
        summary = Pipeline(store=store_file, classifier_factory=None).ingest([corpus])
        assert summary.near_duplicates == 1
        with AdStore(store_file, read_only=True) as store:
            marks.append(store.query("SELECT source_id, dup_of FROM ads ORDER BY seq"))
    assert marks[0] == marks[1]
    assert sum(dup is not None for _, dup in marks[0]) == 1
