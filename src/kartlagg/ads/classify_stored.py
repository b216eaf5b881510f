"""Classify ads already in the store (after `ingest --no-classify`, or when the classifier changed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from kartlagg.ads.pipeline import ClassifierLike, evidence_json
from kartlagg.ads.record import AdRecord
from kartlagg.ads.store import AdStore

_CLASS_SCHEMA = pa.schema(
    [
        ("ad_key", pa.int64()),
        ("relevance", pa.string()),
        ("score", pa.float64()),
        ("areas", pa.list_(pa.string())),
        ("evidence", pa.string()),
        ("model_version", pa.string()),
    ]
)


def classify_stored(
    *,
    store: Path | None,
    classifier: ClassifierLike,
    all_ads: bool = False,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Classify in batches and replace each batch's classifications in one transaction. Returns the count.

    `progress`, if given, is called with the number of ads after each committed batch (the web job's bar).
    """
    done = 0
    after = 0
    with AdStore(store) as opened:
        while True:
            table = opened.ads_to_classify(
                all_ads=all_ads, model_version=classifier.model_version, after_seq=after, batch=batch
            )
            if table.num_rows == 0:
                return done
            rows = table.to_pylist()
            after = int(rows[-1]["seq"])
            results = classifier.classify_many([_record(row) for row in rows])
            out = pa.table(
                {
                    "ad_key": [row["ad_key"] for row in rows],
                    "relevance": [r.relevance for r in results],
                    "score": [float(r.score) for r in results],
                    "areas": [[hit.area for hit in r.areas] for r in results],
                    "evidence": [evidence_json(r) for r in results],
                    "model_version": [r.model_version for r in results],
                },
                schema=_CLASS_SCHEMA,
            )
            opened.replace_classifications(out)
            done += len(rows)
            if progress is not None:
                progress(len(rows))


def _record(row: dict[str, object]) -> AdRecord:
    published = row.get("published")
    return AdRecord(
        source=str(row["source"]),
        source_id=str(row["source_id"]),
        headline=str(row["headline"]),
        text=str(row["text"]),
        employer_name=str(row["employer_name"]),
        country=str(row["country"]),
        published=published if isinstance(published, dt.date) else None,
        stated_language=str(row["language"]),
    )
