"""The store's own rules: versioned keys, and a key index that decides what is new without scanning."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

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
