"""Changes to ads already stored: JobStream sends an ad again whenever its employer edits it.

`AdStore.commit_part` only adds ad keys it has not stored, so the monitor hands the same block to
`apply_changes`, which — in one transaction on the store's connection — replaces the row, bands,
classification and text of every stored ad whose content differs from the feed's version, and settles
their duplicate marks again. The store's tables keep their shapes; two things are added beside them:

- `jobstream_versions`: the feed's `timestamp` (ms) of the version each ad is stored in, so that a window
  fetched again later (a lost checkpoint, an overlapping run) cannot put an older version back;
- the store_meta entry `payload_compact_pending`: payload files that may hold rows no ad points to any
  more (the old text of a changed ad, the unchanged ads of a window). Readers in store.py join payload
  files by ad key alone, so such rows would come back as second copies of an ad; `compact_payloads`
  rewrites those files with only the rows still pointed to, after the transaction that repointed them.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kartlagg.ads.dedup import estimated_jaccard
from kartlagg.ads.store import AdStore, _registered, _scalar, _x, write_payload

PENDING_KEY = "payload_compact_pending"
# The pipeline's own mark: the ads up to this arrival number have had their duplicates resolved.
RESOLVED_KEY = "resolved_seq"

_VERSIONS = (
    "CREATE TABLE IF NOT EXISTS jobstream_versions (ad_key BIGINT NOT NULL, updated_ms BIGINT NOT NULL)"
)

# What an edit can change. `removed` is not here: a removal stands until the feed says otherwise through
# its removal notices, and a window fetched again must not undo it. content_key covers the text.
CONTENT_COLUMNS = (
    "headline", "employer_name", "employer_org_number", "country", "region", "municipality", "published",
    "ssyk", "isco", "styrk", "occupation_codes", "positions", "language", "url", "content_key",
)  # fmt: skip


@dataclass(frozen=True)
class UpdateResult:
    updated: int  # stored ads whose row, bands, classification and text were replaced
    outdated: int  # versions older than the stored one, differing from it: not applied
    remarked: int  # ads whose duplicate mark (dup_of) changed because of the updates


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_VERSIONS).fetchall()


def resolved_seq(store: AdStore) -> int | None:
    rows = store.query("SELECT value FROM store_meta WHERE key = ?", [RESOLVED_KEY])
    return int(rows[0][0]) if rows else None


def set_resolved_seq(store: AdStore, seq: int) -> None:
    store.query("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [RESOLVED_KEY, str(seq)])


# ---- payload files that may hold rows nobody points to ------------------------------------------------
def pending_payloads(store: AdStore) -> list[str]:
    rows = store.query("SELECT value FROM store_meta WHERE key = ?", [PENDING_KEY])
    return list(orjson.loads(rows[0][0])) if rows else []


def mark_for_compaction(store: AdStore, names: list[str]) -> None:
    """Remember payload files to compact (inside or outside the caller's transaction)."""
    wanted = sorted(set(pending_payloads(store)) | {n for n in names if n})
    store.query(
        "INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [PENDING_KEY, orjson.dumps(wanted).decode()]
    )


def compact_payloads(store: AdStore) -> int:
    """Rewrite each pending payload file with only the rows of ads that point to it; delete it when none
    does. Safe to repeat: a file already compact is left alone. Returns files rewritten or deleted."""
    names = pending_payloads(store)
    if not names:
        return 0
    keep: dict[str, list[int]] = {name: [] for name in names}
    for name, key in store.query(
        "SELECT payload, ad_key FROM ads WHERE payload IN (SELECT unnest(?::VARCHAR[]))", [names]
    ):
        keep[str(name)].append(int(key))
    touched = 0
    for name, keys in keep.items():
        path = store.payload_path(name)
        if not path.exists():
            continue
        if not keys:
            path.unlink()
            touched += 1
            continue
        table = pq.read_table(path)
        wanted = pc.is_in(table.column("ad_key"), value_set=pa.array(keys, pa.int64()))
        if pc.all(wanted).as_py():
            continue
        # Not *.parquet: the export reads texts/*.parquet and must never see a half-written file.
        scratch = path.with_name(f".{name}.{uuid.uuid4().hex[:8]}.tmp")
        write_payload(table.filter(wanted), scratch)
        os.replace(scratch, path)
        touched += 1
    store.query("DELETE FROM store_meta WHERE key = ?", [PENDING_KEY])
    return touched


# ---- applying a block's changes -----------------------------------------------------------------------
def apply_changes(
    store: AdStore,
    part: pa.Table | None,
    *,
    payload: str,
    versions: dict[int, int],
    resolved_upto: int,
    threshold: float,
) -> UpdateResult:
    """Replace the stored ads that `part` (PART_SCHEMA, unique keys, texts in `payload`) holds in another
    version. `versions` maps ad keys to the feed's timestamp of the version in `part` (ads without one
    are always applied when they differ). Ads up to `resolved_upto` have had their duplicates resolved;
    their marks are settled again here, later ones are left to the run's `resolve_duplicates`."""
    if part is None or part.num_rows == 0:
        return UpdateResult(0, 0, 0)
    con = store.con
    ensure_schema(con)
    keys = part.column("ad_key").to_pylist()
    incoming = part.append_column("version", pa.array([versions.get(int(k)) for k in keys], pa.int64()))
    differs = " OR ".join(f"a.{c} IS DISTINCT FROM i.{c}" for c in CONTENT_COLUMNS)
    newer = "(i.version IS NULL OR v.updated_ms IS NULL OR i.version >= v.updated_ms)"
    with _registered(con, "incoming", incoming):
        _x(con, "BEGIN TRANSACTION")
        try:
            _x(
                con,
                "CREATE OR REPLACE TEMP TABLE changed AS SELECT i.*, a.seq AS stored_seq, "
                "a.payload AS old_payload, a.content_key AS old_content_key, "
                "a.municipality AS old_municipality "
                "FROM incoming i JOIN ads a USING (ad_key) LEFT JOIN jobstream_versions v USING (ad_key) "
                f"WHERE {newer} AND ({differs})",
            )
            outdated = _scalar(
                con,
                "SELECT count(*) FROM incoming i JOIN ads a USING (ad_key) "
                "JOIN jobstream_versions v USING (ad_key) "
                f"WHERE NOT {newer} AND ({differs})",
            )
            updated = _scalar(con, "SELECT count(*) FROM changed")
            if updated:
                assignments = ", ".join(f"{c} = c.{c}" for c in CONTENT_COLUMNS)
                _x(
                    con,
                    f"UPDATE ads SET {assignments}, origin = c.origin_label || CAST(c.line AS VARCHAR), "
                    "payload = ? FROM changed c WHERE ads.ad_key = c.ad_key",
                    [payload],
                )
                _x(con, "DELETE FROM ad_bands WHERE ad_key IN (SELECT ad_key FROM changed)")
                _x(
                    con,
                    "INSERT INTO ad_bands SELECT b.band, c.ad_key, c.stored_seq FROM changed c, "
                    "UNNEST(c.bands) AS b(band) WHERE b.band <> 0",
                )
                # Without a classifier the old classification goes too: it described the old text, and
                # `kartlagg ads classify` picks up the ads that have none.
                _x(con, "DELETE FROM ad_classifications WHERE ad_key IN (SELECT ad_key FROM changed)")
                _x(
                    con,
                    "INSERT INTO ad_classifications SELECT ad_key, relevance, score, areas, evidence, "
                    "model_version FROM changed WHERE relevance IS NOT NULL",
                )
                old_files = con.execute("SELECT DISTINCT old_payload FROM changed").fetchall()
                mark_for_compaction(store, [str(r[0]) for r in old_files])
            # Remember the newest version seen of every stored ad (also of the ones just added or unchanged).
            _x(
                con,
                "CREATE OR REPLACE TEMP TABLE seen AS SELECT i.ad_key, "
                "greatest(i.version, coalesce(v.updated_ms, i.version)) AS updated_ms "
                "FROM incoming i JOIN ads a USING (ad_key) LEFT JOIN jobstream_versions v USING (ad_key) "
                "WHERE i.version IS NOT NULL",
            )
            _x(con, "DELETE FROM jobstream_versions WHERE ad_key IN (SELECT ad_key FROM seen)")
            _x(con, "INSERT INTO jobstream_versions SELECT ad_key, updated_ms FROM seen")
            remarked = _remark_duplicates(store, resolved_upto, threshold) if updated else 0
            _x(con, "DROP TABLE IF EXISTS changed")
            _x(con, "DROP TABLE IF EXISTS seen")
            _x(con, "COMMIT")
        except BaseException:
            _x(con, "ROLLBACK")
            raise
    return UpdateResult(updated=updated, outdated=outdated, remarked=remarked)


def _remark_duplicates(store: AdStore, resolved_upto: int, threshold: float) -> int:
    """Settle dup_of again around the changed ads, by the rules of `AdStore.resolve_duplicates` (a copy
    points to the first ad with its content key, else to the earliest older ad whose MinHash estimate
    reaches the threshold, never across two named towns).

    A changed ad keeps its mark when neither its content key nor its town changed: its text, and so its
    signature, is the same. Otherwise the ad, the ads marked as its copies, and the counted later ads it
    may now be the original of (same content key or a shared band) are decided again. Arrival order
    (seq) is kept: an edit is not a new ad, and alerts already sent stay sent."""
    con = store.con
    _x(
        con,
        "CREATE OR REPLACE TEMP TABLE moved AS SELECT ad_key, stored_seq AS seq, content_key FROM changed "
        "WHERE stored_seq <= ? AND (content_key <> old_content_key OR lower(municipality) <> "
        "lower(old_municipality))",
        [resolved_upto],
    )
    try:
        if not _scalar(con, "SELECT count(*) FROM moved"):
            return 0
        _x(
            con,
            "CREATE OR REPLACE TEMP TABLE targets AS SELECT a.ad_key, a.dup_of AS before FROM ads a "
            "WHERE a.seq <= ? AND (a.ad_key IN (SELECT ad_key FROM moved) "
            "OR a.dup_of IN (SELECT ad_key FROM moved) "
            "OR (a.dup_of IS NULL AND EXISTS (SELECT 1 FROM moved m WHERE a.seq > m.seq AND "
            "a.content_key = m.content_key)) "
            "OR (a.dup_of IS NULL AND a.ad_key IN (SELECT o.ad_key FROM ad_bands o JOIN ad_bands mb "
            "ON o.band = mb.band JOIN moved m ON mb.ad_key = m.ad_key WHERE o.seq > m.seq)))",
            [resolved_upto],
        )
        _x(con, "UPDATE ads SET dup_of = NULL WHERE ad_key IN (SELECT ad_key FROM targets)")
        _x(
            con,
            "UPDATE ads SET dup_of = f.first_key FROM ("
            "  SELECT content_key, arg_min(ad_key, seq) AS first_key, min(seq) AS first_seq FROM ads "
            "  WHERE content_key IN (SELECT a.content_key FROM ads a JOIN targets t USING (ad_key)) "
            "  GROUP BY content_key) f "
            "WHERE ads.ad_key IN (SELECT ad_key FROM targets) AND ads.content_key = f.content_key AND "
            "ads.seq > f.first_seq",
        )
        pairs = con.execute(
            "SELECT DISTINCT n.ad_key, o.ad_key, o.seq "
            "FROM ad_bands n JOIN ad_bands o ON o.band = n.band AND o.seq < n.seq "
            "JOIN ads na ON na.ad_key = n.ad_key JOIN ads oa ON oa.ad_key = o.ad_key "
            "WHERE n.ad_key IN (SELECT ad_key FROM targets) AND na.dup_of IS NULL AND NOT ("
            "na.municipality <> '' AND oa.municipality <> '' AND "
            "lower(na.municipality) <> lower(oa.municipality))"
        ).fetchall()
        _mark_near(store, pairs, threshold)
        return _scalar(
            con,
            "SELECT count(*) FROM targets t JOIN ads a USING (ad_key) "
            "WHERE a.dup_of IS DISTINCT FROM t.before",
        )
    finally:
        _x(con, "DROP TABLE IF EXISTS moved")
        _x(con, "DROP TABLE IF EXISTS targets")


def _mark_near(store: AdStore, pairs: list[tuple[Any, ...]], threshold: float) -> None:
    if not pairs:
        return
    # The signatures of the payload file each ad points to now (a stale row of an ad's old version in
    # another file is never read); a missing one is all zeros.
    keys = np.array(sorted({int(p[0]) for p in pairs} | {int(p[1]) for p in pairs}), dtype=np.int64)
    sigs = store.signature_matrix(keys)
    row = {int(key): i for i, key in enumerate(keys)}
    best: dict[int, tuple[int, int]] = {}
    for new_key, old_key, old_seq in pairs:
        new_sig, old_sig = sigs[row[int(new_key)]], sigs[row[int(old_key)]]
        if not new_sig.any() or not old_sig.any() or estimated_jaccard(new_sig, old_sig) < threshold:
            continue
        current = best.get(int(new_key))
        if current is None or old_seq < current[1]:
            best[int(new_key)] = (int(old_key), int(old_seq))
    if not best:
        return
    table = pa.table(
        {
            "ad_key": pa.array(list(best), pa.int64()),
            "dup_of": pa.array([v[0] for v in best.values()], pa.int64()),
        }
    )
    with _registered(store.con, "near_again", table):
        _x(store.con, "UPDATE ads SET dup_of = d.dup_of FROM near_again d WHERE ads.ad_key = d.ad_key")
