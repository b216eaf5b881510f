"""The job-ad store: one DuckDB file with ads, near-duplicate bands, classifications and ingest state.

Writes arrive as Parquet parts (one per block, written by the worker that processed it) and are added
with one set-based INSERT per part inside a transaction that also advances the file's checkpoint, so a
run stopped at any moment resumes where the last committed block ended and never counts an ad twice.
Never row-by-row inserts: DuckDB takes ~2k rows/s that way and millions per second from Arrow/Parquet.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kartlagg.ads import heap
from kartlagg.ads.configuration import PipelineConfig, store_path
from kartlagg.ads.dedup import NUM_PERM
from kartlagg.ads.exceptions import StoreBusyError, StoreVersionError

# 2: ad and content keys are XXH3 (were blake2b).
SCHEMA_VERSION = 2
_BANDS_PER_SLICE = 1_500_000  # new band rows per near-duplicate join (bounds its memory)
_PAIRS_PER_CHUNK = 65_536  # candidate pairs compared at once
_PAIRS_PER_BATCH = 250_000  # candidate pairs generated and confirmed together
_SIGNATURES_HELD = 1_000_000  # signatures the near-duplicate pass may hold at once (≈256 MB)
_SIGNATURE_BATCH = 65_536  # signatures read from the payload files at once
_COMPARE_FIRST = 32  # each new ad is compared with the first this many ads of each band it is in

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ads (
    ad_key BIGINT NOT NULL,            -- hash of (source, source_id): the ad's identity in its source
    source VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    headline VARCHAR NOT NULL,
    employer_name VARCHAR NOT NULL,
    employer_org_number VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    municipality VARCHAR NOT NULL,
    published DATE,
    removed DATE,
    ssyk VARCHAR NOT NULL,
    isco VARCHAR NOT NULL,
    styrk VARCHAR NOT NULL,
    occupation_codes VARCHAR NOT NULL,  -- all codes the source gave, as JSON
    positions INTEGER NOT NULL CHECK (positions > 0),
    language VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,            -- file:line it came from
    content_key BIGINT NOT NULL,        -- same employer + headline + text
    payload VARCHAR NOT NULL,           -- Parquet file (under texts/) with the text and MinHash signature
    seq BIGINT NOT NULL,                -- order of arrival: the first copy of a duplicate is the one counted
    dup_of BIGINT                       -- ad_key of the earlier copy, NULL for an ad that is counted
);
CREATE TABLE IF NOT EXISTS ad_bands (band BIGINT NOT NULL, ad_key BIGINT NOT NULL, seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS ad_classifications (
    ad_key BIGINT NOT NULL,
    relevance VARCHAR NOT NULL CHECK (relevance IN ('atmp', 'related', 'none')),
    score DOUBLE NOT NULL,
    areas VARCHAR[] NOT NULL,
    evidence VARCHAR NOT NULL,          -- JSON: relevance evidence, evidence per area, skills
    model_version VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_files (
    file_key VARCHAR PRIMARY KEY,       -- size + content hash of the head and tail: the same file anywhere
    path VARCHAR NOT NULL,
    adapter VARCHAR NOT NULL,
    status VARCHAR NOT NULL,            -- running | done
    items_done BIGINT NOT NULL,         -- records (lines, items, rows) fully committed
    bytes_done BIGINT NOT NULL,         -- for plain JSON Lines: the byte offset committed
    added BIGINT NOT NULL,
    duplicates BIGINT NOT NULL,
    skipped BIGINT NOT NULL,
    started TIMESTAMP NOT NULL,
    finished TIMESTAMP
);
CREATE TABLE IF NOT EXISTS ingest_problems (
    file_key VARCHAR NOT NULL, origin VARCHAR NOT NULL, reason VARCHAR NOT NULL, detail VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
"""

AD_COLUMNS = (
    "ad_key", "source", "source_id", "headline", "employer_name", "employer_org_number", "country",
    "region", "municipality", "published", "removed", "ssyk", "isco", "styrk", "occupation_codes",
    "positions", "language", "url", "origin", "content_key",
)  # fmt: skip

# The heavy part of each ad, kept out of DuckDB in one Parquet file per block: inserting 3 kB texts into
# DuckDB cost ~150 µs per ad in the parent process, more than everything else together; a Parquet file
# written by the worker costs ~5 µs and DuckDB reads it back on demand (detail page, export, reclassify).
PAYLOAD_SCHEMA = pa.schema(
    [("ad_key", pa.int64()), ("text", pa.string()), ("signature", pa.binary(NUM_PERM * 4))]
)


def write_payload(payload: pa.Table, path: Path) -> None:
    """A block's texts and signatures as one Parquet file. No dictionary encoding and no statistics for the
    text and signature columns: every value is distinct, so the writer would build a dictionary only to
    drop it, and min/max of 6 kB texts help no reader. Only the texts are compressed: hashes barely
    shrink (zstd on them cost 0.6 µs an ad for 5 % of the file), and the duplicate pass reads the
    signatures back once per slice."""
    pq.write_table(
        payload,
        path,
        compression={"ad_key": "none", "text": "zstd", "signature": "none"},
        compression_level={"text": 1},
        use_dictionary=False,
        write_statistics=["ad_key"],
    )


# The Arrow schema of a part written by a worker: the ad columns, where in its block each ad was
# (line or item number, offset by the block's start when committed), its bands, and its classification.
PART_SCHEMA = pa.schema(
    [
        ("ad_key", pa.int64()), ("source", pa.string()), ("source_id", pa.string()),
        ("headline", pa.string()),
        ("employer_name", pa.string()), ("employer_org_number", pa.string()),
        ("country", pa.string()), ("region", pa.string()), ("municipality", pa.string()),
        ("published", pa.date32()), ("removed", pa.date32()), ("ssyk", pa.string()), ("isco", pa.string()),
        ("styrk", pa.string()), ("occupation_codes", pa.string()), ("positions", pa.int32()),
        ("language", pa.string()), ("url", pa.string()), ("origin_label", pa.string()), ("line", pa.int64()),
        ("content_key", pa.int64()), ("bands", pa.list_(pa.int64())),
        ("relevance", pa.string()), ("score", pa.float64()), ("areas", pa.list_(pa.string())),
        ("evidence", pa.string()), ("model_version", pa.string()),
    ]
)  # fmt: skip


@dataclass(frozen=True)
class PartBlock:
    """One worker's block: its part (PART_SCHEMA, None when no record of the block was good), payload
    file name, the line number its block started after (lines in the part count from 1 within the
    block), and where the file's checkpoint stands once the block is stored: records and bytes done,
    and the block's problems (origin, reason, detail)."""

    part: pa.Table | None
    payload: str
    line_offset: int
    items_done: int = 0
    bytes_done: int = 0
    problems: tuple[tuple[str, str, str], ...] = ()

    @property
    def num_rows(self) -> int:
        return self.part.num_rows if self.part is not None else 0

    def rows(self) -> pa.Table:
        """The part with absolute line numbers and its payload name on every row."""
        part = self.part if self.part is not None else PART_SCHEMA.empty_table()
        if self.line_offset:
            index = part.schema.get_field_index("line")
            part = part.set_column(index, "line", pc.add(part.column("line"), self.line_offset))
        return part.append_column("payload", pa.array([self.payload] * part.num_rows, pa.string()))


@dataclass(frozen=True)
class CommitResult:
    added: int
    duplicates: int  # already stored under the same source and id (a re-ingest or an update)
    unused_payloads: list[str] = field(default_factory=list)  # payload files no stored ad points to
    # Blocks (or the rest of one) left for the next commit so that this one filled whole row groups.
    carried: list[PartBlock] = field(default_factory=list)


@dataclass(frozen=True)
class FileState:
    file_key: str
    status: str
    items_done: int
    bytes_done: int
    added: int
    duplicates: int
    skipped: int


class AdStore:
    """A connection to the store. Use as a context manager; `read_only` for the web pages and stats."""

    def __init__(
        self, path: Path | None = None, *, read_only: bool = False, config: PipelineConfig | None = None
    ):
        self.path = path or store_path()
        self.read_only = read_only
        self.config = config or PipelineConfig()
        self._keys: KeyIndex | None = None  # ad keys stored, loaded at the first commit
        if not read_only:
            heap.fix_mmap_threshold()  # a writer holds large arrays in turn: ingest, the duplicate pass
        try:
            self.con = duckdb.connect(
                str(self.path),
                read_only=read_only,
                config={
                    "memory_limit": self.config.duckdb_memory_limit,
                    "threads": self.config.duckdb_threads,
                },
            )
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"{self.path} is in use by another process (an ingest is running?)"
                ) from exc
            raise
        _x(self.con, "SET enable_progress_bar = false")
        if not read_only:
            # Checkpoint once at the end of a run rather than every few blocks: each checkpoint rewrites
            # the touched row groups, which made COMMIT the costliest statement of an ingest.
            _x(self.con, "SET checkpoint_threshold = '1GB'")
            _x(self.con, _SCHEMA)
            self._check_version()

    def _check_version(self) -> None:
        """Adding ads to a store whose keys were computed another way would count every ad again."""
        found = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchall()
        has_ads = _scalar(self.con, "SELECT count(*) FROM ads") > 0
        if found and found[0][0] != str(SCHEMA_VERSION) and has_ads:
            self.con.close()
            raise StoreVersionError(
                f"{self.path} was written by another version of kartlagg (store schema {found[0][0]}, this "
                f"version writes {SCHEMA_VERSION}): its ad keys differ. Move it aside and ingest the "
                "files again."
            )
        _x(
            self.con,
            "INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ?)",
            [str(SCHEMA_VERSION)],
        )

    def __enter__(self) -> AdStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ---- ingest state -------------------------------------------------------------------------------
    def file_state(self, file_key: str) -> FileState | None:
        row = self.con.execute(
            "SELECT file_key, status, items_done, bytes_done, added, duplicates, skipped FROM ingest_files "
            "WHERE file_key = ?",
            [file_key],
        ).fetchall()
        return FileState(*row[0]) if row else None

    def file_begin(self, *, file_key: str, path: str, adapter: str) -> FileState:
        state = self.file_state(file_key)
        if state is None:
            _x(
                self.con,
                "INSERT INTO ingest_files VALUES (?, ?, ?, 'running', 0, 0, 0, 0, 0, ?, NULL)",
                [file_key, path, adapter, dt.datetime.now()],
            )
            state = self.file_state(file_key)
            assert state is not None
        return state

    def file_finish(self, file_key: str) -> None:
        _x(
            self.con,
            "UPDATE ingest_files SET status = 'done', finished = ? WHERE file_key = ?",
            [dt.datetime.now(), file_key],
        )

    def problems(self, file_key: str | None = None, limit: int = 100) -> list[tuple[str, str, str]]:
        where, params = ("WHERE file_key = ?", [file_key]) if file_key else ("", [])
        return self.con.execute(
            f"SELECT origin, reason, detail FROM ingest_problems {where} LIMIT {int(limit)}", params
        ).fetchall()

    # ---- writing a block ----------------------------------------------------------------------------
    def commit_part(
        self,
        *,
        part: pa.Table | None,
        payload: str,
        file_key: str,
        line_offset: int,
        items_done: int,
        bytes_done: int,
        problems: list[tuple[str, str, str]],
    ) -> CommitResult:
        """Add one block's ads (new keys only), bands and classifications, record its problems, and move
        the file's checkpoint — all in one transaction. `part` has PART_SCHEMA with unique ad keys;
        `payload` names its text file under texts/."""
        block = PartBlock(part, payload, line_offset, items_done, bytes_done, tuple(problems))
        return self.commit_parts([block], file_key=file_key)

    def commit_parts(
        self, blocks: Sequence[PartBlock], *, file_key: str, whole_row_groups: bool = False
    ) -> CommitResult:
        """Several blocks of one file in one transaction (in file order): a commit costs a fixed ~15 ms
        besides its rows, so a run commits tens of thousands of ads at a time. An ad key met twice
        counts once: the first block that has it.

        With `whole_row_groups`, only as many new ads as fill DuckDB's row groups are stored, and the
        rest (the tail of one block and the blocks after it) comes back in `carried` for the next
        commit. DuckDB writes a commit's full row groups straight into the file, compressed; rows that
        end in a partly filled row group wait in memory, and the checkpoint at the end of the run
        compressed and rewrote every such row group: on 1,000,000 ads in commits of 125,000 the inserts
        and that checkpoint took 6.5 s, in whole row groups 2.9 s (and a 521 MB file instead of 953).
        The file's checkpoint moves to the end of the last block stored whole: a run stopped now reads
        the carried block again, and its stored ads are recognised by their keys."""
        con = self.con
        keys = self._known_keys()
        rows = pa.concat_tables([b.rows() for b in blocks]) if blocks else PART_SCHEMA.empty_table()
        ad_keys = rows.column("ad_key").to_numpy()
        # Which keys are new is decided against the in-memory key index, not by a join with `ads`:
        # the join rescanned the whole table for every block, and the run grew quadratically.
        new = ~keys.contains(ad_keys)
        first = np.zeros(len(ad_keys), dtype=bool)
        first[np.unique(ad_keys, return_index=True)[1]] = True
        new &= first
        decided = self._decided_rows(len(keys), new) if whole_row_groups else len(new)
        done, carried = _cut_blocks(blocks, decided)
        settled = rows if decided == len(new) else rows.slice(0, decided)
        fresh = settled if bool(new[:decided].all()) else settled.filter(pa.array(new[:decided]))
        added = fresh.num_rows
        duplicates = decided - added
        problems = [problem for block in done for problem in block.problems]
        _x(con, "BEGIN TRANSACTION")
        try:
            if added:
                with self._one_thread():
                    self._insert_fresh(fresh)
            if problems:
                self._insert_problems(file_key, problems)
            if done:  # the checkpoint: every record before it is stored or reported
                _x(
                    con,
                    "UPDATE ingest_files SET items_done = ?, bytes_done = ? WHERE file_key = ?",
                    [done[-1].items_done, done[-1].bytes_done, file_key],
                )
            _x(
                con,
                "UPDATE ingest_files SET added = added + ?, duplicates = duplicates + ?, "
                "skipped = skipped + ? WHERE file_key = ?",
                [added, duplicates, len(problems), file_key],
            )
            _x(con, "COMMIT")
        except BaseException:
            _x(con, "ROLLBACK")
            raise
        used: set[str] = set()
        if added:
            keys.add(fresh.column("ad_key").to_numpy())
            used = set(fresh.column("payload").unique().to_pylist())
        return CommitResult(
            added=added,
            duplicates=duplicates,
            unused_payloads=[b.payload for b in done if b.payload and b.payload not in used],
            carried=carried,
        )

    @contextlib.contextmanager
    def _one_thread(self) -> Iterator[None]:
        """Inserts from Arrow run on one DuckDB thread. With two, each thread filled row groups of its
        own and left one partly filled, so whole-row-group commits still left the checkpoint at the end
        of the run to compress and rewrite most of the table (3.7 s and a file twice the size at 1M ads).
        While workers run, a second thread gains nothing anyway."""
        _x(self.con, "SET threads = 1")
        try:
            yield
        finally:
            _x(self.con, f"SET threads = {int(self.config.duckdb_threads)}")

    def _decided_rows(self, stored: int, new: np.ndarray) -> int:
        """How many of the rows (in order) this commit settles when the ads it adds must end on a
        row-group boundary: every row before the first new ad that would start another row group.
        Rows already stored settle whenever they come (a file ingested again carries nothing)."""
        size = self.config.row_group_rows
        wanted = max(0, (stored + int(new.sum())) // size * size - stored)
        positions = np.flatnonzero(new)
        return int(positions[wanted]) if wanted < len(positions) else len(new)

    def _insert_fresh(self, fresh: pa.Table) -> None:
        """Insert ads known to be new (PartBlock.rows() shape): rows, bands and classifications, numbered
        in arrival order."""
        con = self.con
        count = fresh.num_rows
        start_seq = _scalar(con, "SELECT coalesce(max(seq), 0) FROM ads")
        seq = np.arange(start_seq + 1, start_seq + 1 + count, dtype=np.int64)
        with _registered(con, "fresh_in", fresh.append_column("seq", pa.array(seq))):
            columns = ", ".join(c for c in AD_COLUMNS if c != "origin")
            _x(
                con,
                f"INSERT INTO ads ({columns}, origin, payload, seq, dup_of) "
                f"SELECT {columns}, origin_label || CAST(line AS VARCHAR), payload, seq, NULL FROM fresh_in",
            )
        # Bands and classifications straight from Arrow: no SQL UNNEST, no temporary table.
        band_lists = fresh.column("bands").combine_chunks()
        per_ad = np.diff(band_lists.offsets.to_numpy())
        band_values = band_lists.flatten().to_numpy()
        bands = pa.table(
            {
                "band": band_values,
                "ad_key": np.repeat(fresh.column("ad_key").to_numpy(), per_ad),
                "seq": np.repeat(seq, per_ad),
            }
        )
        if bool((band_values == 0).any()):
            bands = bands.filter(pa.array(band_values != 0))  # an ad without shingles joins no band
        with _registered(con, "bands_in", bands):
            _x(con, "INSERT INTO ad_bands SELECT band, ad_key, seq FROM bands_in")
        classified = fresh.select(["ad_key", "relevance", "score", "areas", "evidence", "model_version"])
        if classified.column("relevance").null_count == count:
            return
        with _registered(con, "classes_in", classified):
            _x(
                con,
                "INSERT INTO ad_classifications SELECT ad_key, relevance, score, areas, evidence, "
                "model_version FROM classes_in WHERE relevance IS NOT NULL",
            )

    def _insert_problems(self, file_key: str, problems: list[tuple[str, str, str]]) -> None:
        kept = self._problem_room(file_key)
        if kept <= 0:
            return
        chosen = problems[:kept]
        rows = pa.table(
            {
                "file_key": [file_key] * len(chosen),
                "origin": [p[0] for p in chosen],
                "reason": [p[1] for p in chosen],
                "detail": [p[2] for p in chosen],
            }
        )
        with _registered(self.con, "problem_rows", rows):
            _x(self.con, "INSERT INTO ingest_problems SELECT * FROM problem_rows")

    def drop_key_index(self) -> None:
        """Free the index of stored keys (8 bytes an ad; the next commit loads it again): the duplicate
        pass at the end of a run does not use it and needs the memory."""
        self._keys = None

    def _known_keys(self) -> KeyIndex:
        # Reloaded when the row count says another connection (or a rollback) changed the table.
        rows = _scalar(self.con, "SELECT count(*) FROM ads")
        if self._keys is None or len(self._keys) != rows:
            stored = self.con.execute("SELECT ad_key FROM ads").fetchnumpy()["ad_key"]
            self._keys = KeyIndex(np.asarray(stored, dtype=np.int64))
        return self._keys

    def _problem_room(self, file_key: str) -> int:
        stored = _scalar(self.con, "SELECT count(*) FROM ingest_problems WHERE file_key = ?", [file_key])
        return self.config.max_problem_rows - stored

    # ---- duplicates ---------------------------------------------------------------------------------
    def resolve_duplicates(self, *, since_seq: int = 0, threshold: float | None = None) -> tuple[int, int]:
        """Mark ads that arrived after `since_seq` as copies of an earlier ad: first by content key,
        then by LSH band candidates confirmed by the MinHash estimate. Returns (exact, near) marked."""
        threshold = self.config.near_duplicate_threshold if threshold is None else threshold
        con = self.con
        _x(con, "BEGIN TRANSACTION")
        try:
            before = _scalar(con, "SELECT count(*) FROM ads WHERE dup_of IS NOT NULL")
            _x(
                con,
                "UPDATE ads SET dup_of = f.first_key FROM ("
                "  SELECT content_key, arg_min(ad_key, seq) AS first_key, min(seq) AS first_seq FROM ads "
                "  WHERE content_key IN (SELECT content_key FROM ads WHERE seq > ?) "
                "  GROUP BY content_key HAVING count(*) > 1) f "
                "WHERE ads.content_key = f.content_key AND ads.seq > f.first_seq AND ads.seq > ? AND "
                "ads.dup_of IS NULL",
                [since_seq, since_seq],
            )
            exact = _scalar(con, "SELECT count(*) FROM ads WHERE dup_of IS NOT NULL") - before
            _x(con, "COMMIT")
        except BaseException:
            _x(con, "ROLLBACK")
            raise
        # The near pass after the exact one has committed: reading `ads` under an uncommitted update of
        # many rows is several times slower. It only reads until its one UPDATE, which is atomic by
        # itself, so it runs outside any explicit transaction: inside one, DuckDB keeps every Arrow table
        # registered and unregistered during the transaction (its catalog entry, and the arrays behind
        # it) until the end — on 5 million ads the pass peaked at 860 MB that way, 740 MB without. Both
        # passes only mark ads still counted, so a stop between them loses nothing: the next resolve (its
        # mark has not moved) runs the near pass again.
        near = self._resolve_near(since_seq, threshold)
        return exact, near

    def _resolve_near(self, since_seq: int, threshold: float) -> int:
        """Mark new ads that are near copies of an earlier ad, by LSH band.

        Ads sharing a band are candidates; each new ad is compared with the earliest
        `_COMPARE_FIRST` ads of each of its bands (the copy is marked as a copy of the earliest ad it
        matches, and a cluster of reposts shares its bands with its first ad): a band shared by
        thousands of ads would otherwise ask for millions of comparisons. Grouping, pairing and the
        MinHash estimate run on numpy arrays, slice by slice of band values so memory stays bounded."""
        con = self.con
        new_bands = _scalar(con, "SELECT count(*) FROM ad_bands WHERE seq > ?", [since_seq])
        if not new_bands:
            return 0
        slices = max(1, -(-new_bands // _BANDS_PER_SLICE))
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for part in range(slices):
            # Numbers written into the SQL, not bound: DuckDB plans a prepared statement's filters
            # without their values, and this query ran eight times slower that way.
            where = f"hash(band) % {int(slices)} = {int(part)}"
            rows = con.sql(
                f"SELECT band, ad_key, seq FROM ad_bands WHERE {where} AND band IN "
                f"(SELECT band FROM ad_bands WHERE seq > {int(since_seq)} AND {where}) ORDER BY band, seq"
            ).fetchnumpy()
            columns = (rows["band"], rows["ad_key"], rows["seq"])
            # Reading signatures costs a pass over the payload files, so read them once per slice for
            # every ad its pairs name — unless they are too many to hold (5 million ads took the parent
            # to 1.7 GB that way): then per batch of pairs, slower but bounded.
            named = _named_keys(*columns, since_seq, _COMPARE_FIRST)
            facts = self._near_facts(named) if len(named) <= _SIGNATURES_HELD else None
            for pairs in _band_pairs(*columns, since_seq, _COMPARE_FIRST):
                batch = facts or self._near_facts(np.unique(np.concatenate(pairs[:2])))
                found.append(_confirm_near(*pairs, facts=batch, threshold=threshold))
            # Only each new ad's earliest confirmed original is kept: all confirmed pairs of a large run
            # (several per copy, one per band it shares) grew the parent by ≈14 MB a slice at 5M ads.
            if found:
                found = [_earliest(*(np.concatenate([f[i] for f in found]) for i in range(3)))]
            del rows, columns, named, facts
        if not found or not len(found[0][0]):
            return 0
        new_keys, old_keys, _ = found[0]
        table = pa.table({"ad_key": new_keys, "dup_of": old_keys})
        with _registered(con, "near_dups", table):
            _x(con, "UPDATE ads SET dup_of = d.dup_of FROM near_dups d WHERE ads.ad_key = d.ad_key")
        return len(new_keys)

    def _near_facts(self, keys: np.ndarray) -> _NearFacts:
        """What confirming pairs needs of the given (sorted, distinct) ads, read in one go."""
        con = self.con
        with _registered(con, "wanted", pa.table({"ad_key": pa.array(keys, pa.int64())})):
            facts = con.sql(
                "SELECT a.ad_key, a.dup_of IS NULL AS open, "
                "CASE WHEN a.municipality = '' THEN 0 ELSE hash(lower(a.municipality)) END AS town "
                "FROM ads a SEMI JOIN wanted w USING (ad_key) ORDER BY a.ad_key"
            ).fetchnumpy()
        fact_keys = np.asarray(facts["ad_key"], dtype=np.int64)
        signatures = self.signature_matrix(fact_keys)
        return _NearFacts(
            keys=fact_keys,
            open=np.asarray(facts["open"], dtype=bool),
            towns=np.asarray(facts["town"], dtype=np.uint64),
            signatures=signatures,
            signed=np.asarray(signatures.any(axis=1), dtype=bool),
        )

    @property
    def payload_dir(self) -> Path:
        return self.path.parent / "texts"

    def payload_path(self, name: str) -> Path:
        return self.payload_dir / name

    def ad_text(self, ad_key: int) -> str:
        rows = self.query("SELECT payload FROM ads WHERE ad_key = ?", [ad_key])
        if not rows:
            return ""
        found = self.query(
            "SELECT text FROM read_parquet(?) WHERE ad_key = ?", [str(self.payload_path(rows[0][0])), ad_key]
        )
        return str(found[0][0]) if found else ""

    def signature_matrix(self, keys: np.ndarray) -> np.ndarray:
        """MinHash signatures of the given (sorted, distinct) ad keys, one row each in the same order;
        all zeros for an ad whose payload file is missing."""
        out = np.zeros((len(keys), NUM_PERM), dtype=np.uint32)
        if not len(keys):
            return out
        con = self.con
        with _registered(con, "wanted", pa.table({"ad_key": pa.array(keys, pa.int64())})):
            files = [
                str(self.payload_path(name))
                for (name,) in self.query("SELECT DISTINCT a.payload FROM ads a JOIN wanted w USING (ad_key)")
            ]
            files = [f for f in files if Path(f).exists()]
            if not files:
                return out
            # Matched by key *and* file: an updated ad's older copy may linger in another payload file.
            # Streamed in record batches into `out`: the whole result as one table, then as one matrix,
            # would hold every signature three times over.
            reader = con.sql(
                "SELECT p.ad_key, p.signature FROM read_parquet(?, filename = true) p "
                "JOIN (SELECT a.ad_key, a.payload FROM ads a SEMI JOIN wanted w USING (ad_key)) w "
                "ON p.ad_key = w.ad_key AND parse_filename(p.filename) = w.payload",
                params=[files],
            ).to_arrow_reader(_SIGNATURE_BATCH)
            for batch in reader:
                found_keys = batch.column(0).to_numpy()
                out[np.searchsorted(keys, found_keys)] = _signature_rows(pa.chunked_array([batch.column(1)]))
        return out

    def max_seq(self) -> int:
        return _scalar(self.con, "SELECT coalesce(max(seq), 0) FROM ads")

    # ---- classification after the fact ---------------------------------------------------------------
    def ads_to_classify(self, *, all_ads: bool, model_version: str, after_seq: int, batch: int) -> pa.Table:
        """The next `batch` ads after `after_seq` (in arrival order) that need a classification, with text."""
        where = (
            ""
            if all_ads
            else (
                "AND NOT EXISTS (SELECT 1 FROM ad_classifications c WHERE c.ad_key = a.ad_key AND "
                "c.model_version = ?)"
            )
        )
        params: list[Any] = [after_seq] + ([] if all_ads else [model_version])
        meta: pa.Table = self.con.sql(
            "SELECT a.ad_key, a.seq, a.source, a.source_id, a.headline, a.employer_name, a.country, "
            f"a.published, a.language, a.payload FROM ads a WHERE a.seq > ? {where} ORDER BY a.seq "
            f"LIMIT {int(batch)}",
            params=params,
        ).to_arrow_table()
        if meta.num_rows == 0:
            return meta
        files = sorted({str(self.payload_path(name)) for name in meta.column("payload").to_pylist()})
        with _registered(self.con, "meta_rows", meta):
            joined: pa.Table = self.con.sql(
                "SELECT m.*, p.text FROM meta_rows m JOIN read_parquet(?) p USING (ad_key) ORDER BY m.seq",
                params=[files],
            ).to_arrow_table()
            return joined

    def replace_classifications(self, table: pa.Table) -> None:
        with _registered(self.con, "new_classes", table):
            _x(self.con, "BEGIN TRANSACTION")
            try:
                _x(
                    self.con,
                    "DELETE FROM ad_classifications WHERE ad_key IN (SELECT ad_key FROM new_classes)",
                )
                _x(
                    self.con,
                    "INSERT INTO ad_classifications SELECT ad_key, relevance, score, areas, evidence, "
                    "model_version "
                    "FROM new_classes",
                )
                _x(self.con, "COMMIT")
            except BaseException:
                _x(self.con, "ROLLBACK")
                raise

    # ---- export ---------------------------------------------------------------------------------------
    def export_parquet(self, directory: Path) -> dict[str, Path]:
        """ads.parquet (every stored ad with its text, copy marker and classification) and the problems."""
        directory.mkdir(parents=True, exist_ok=True)
        outputs = {"ads": directory / "ads.parquet", "problems": directory / "ingest_problems.parquet"}
        texts = str(self.payload_dir / "*.parquet")
        has_texts = any(self.payload_dir.glob("*.parquet"))
        text_join = (
            "LEFT JOIN (SELECT ad_key, text, parse_filename(filename) AS payload FROM "
            f"read_parquet('{_sql_path(Path(texts))}', "
            "filename = true)) t USING (ad_key, payload)"
            if has_texts
            else ""
        )
        text_col = "t.text" if has_texts else "NULL AS text"
        _x(
            self.con,
            f"COPY (SELECT a.* EXCLUDE (payload), {text_col}, c.relevance, c.score, c.areas, "
            "c.evidence, c.model_version "
            f"FROM ads a {text_join} LEFT JOIN ad_classifications c USING (ad_key) ORDER BY a.seq) "
            f"TO '{_sql_path(outputs['ads'])}' (FORMAT parquet, COMPRESSION zstd)",
        )
        _x(
            self.con,
            f"COPY ingest_problems TO '{_sql_path(outputs['problems'])}' (FORMAT parquet, COMPRESSION zstd)",
        )
        return outputs

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params or []).fetchall()


def _cut_blocks(blocks: Sequence[PartBlock], rows: int) -> tuple[list[PartBlock], list[PartBlock]]:
    """The blocks whose every row lies within the first `rows` rows, and the rest: a block cut in two
    goes on with its tail only (the line numbers of its rows stay its own)."""
    ends = np.cumsum([b.num_rows for b in blocks], dtype=np.int64)
    whole = int(np.searchsorted(ends, rows, side="right"))
    done, rest = list(blocks[:whole]), list(blocks[whole:])
    head = rows - (int(ends[whole - 1]) if whole else 0)
    if rest and head > 0:
        cut = rest[0]
        assert cut.part is not None  # it has rows on both sides of the cut
        rest[0] = dataclasses.replace(cut, part=cut.part.slice(head))
    return done, rest


@contextlib.contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """An Arrow table visible to SQL as `name` for the block's duration."""
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


def _x(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> None:
    """Run a statement to completion (DuckDB keeps a pending result open until it is fetched)."""
    con.execute(sql, params or []).fetchall()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    rows = con.execute(sql, params or []).fetchall()
    row = rows[0] if rows else None
    return int(row[0]) if row and row[0] is not None else 0


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


@contextlib.contextmanager
def open_store(path: Path | None = None, *, read_only: bool = False) -> Iterator[AdStore | None]:
    """A store for reading: None when no ingest has created it yet (the pages then say so)."""
    target = path or store_path()
    if read_only and not target.exists():
        yield None
        return
    store = AdStore(target, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


class KeyIndex:
    """The set of stored ad keys as sorted int64 arrays: 8 bytes an ad (a Python set takes ~60), and a
    lookup per block costs a binary search per key instead of a scan of the store.

    New keys go to a small unsorted tail that is merged into the sorted body when it grows, so adding
    stays cheap and lookups stay logarithmic."""

    _TAIL_LIMIT = 1 << 18

    def __init__(self, keys: np.ndarray) -> None:
        self._body = np.unique(keys)
        self._tail: list[np.ndarray] = []
        self._tail_size = 0

    def __len__(self) -> int:
        return len(self._body) + self._tail_size

    def contains(self, keys: np.ndarray) -> np.ndarray:
        found = _member(self._body, keys)
        for chunk in self._tail:
            found |= _member(chunk, keys)
        return found

    def add(self, keys: np.ndarray) -> None:
        """Keys not yet in the index (the store adds only new ads), each once."""
        self._tail.append(np.sort(keys))
        self._tail_size += len(keys)
        if self._tail_size > self._TAIL_LIMIT or len(self._tail) > 64:
            # Sorted in place, no np.unique: its copies and hash table were the parent's largest spike
            # at 5 million keys. Keys are distinct by contract; a repeat would only cost a lookup twice.
            merged = np.concatenate([self._body, *self._tail])
            merged.sort()
            self._body = merged
            self._tail, self._tail_size = [], 0


@dataclass(frozen=True)
class _NearFacts:
    """Per ad (sorted by key): still counted, its town (0: none given), its MinHash signature."""

    keys: np.ndarray
    open: np.ndarray
    towns: np.ndarray
    signatures: np.ndarray
    signed: np.ndarray  # has a signature: a missing one (its payload file is gone) is all zeros


def _confirm_near(
    new_keys: np.ndarray, old_keys: np.ndarray, old_seqs: np.ndarray, *, facts: _NearFacts, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate (new, old, old seq) pairs that count: the new ad is not already a copy, the two are
    not for different towns (chains post one text per branch), and the MinHash estimate of their Jaccard
    similarity reaches the threshold."""
    if not len(new_keys) or not len(facts.keys):
        return new_keys[:0], old_keys[:0], old_seqs[:0]
    last = len(facts.keys) - 1
    new_at = np.minimum(np.searchsorted(facts.keys, new_keys), last)
    old_at = np.minimum(np.searchsorted(facts.keys, old_keys), last)
    towns = facts.towns
    keep = (facts.keys[new_at] == new_keys) & (facts.keys[old_at] == old_keys) & facts.open[new_at]
    keep &= (towns[new_at] == 0) | (towns[old_at] == 0) | (towns[new_at] == towns[old_at])
    keep &= facts.signed[new_at] & facts.signed[old_at]
    # Signatures are compared only for the pairs still in question: gathering them is the costly part.
    candidates = np.flatnonzero(keep)
    confirmed = np.zeros(len(new_keys), dtype=bool)
    for start in range(0, len(candidates), _PAIRS_PER_CHUNK):
        chosen = candidates[start : start + _PAIRS_PER_CHUNK]
        agree = np.count_nonzero(facts.signatures[new_at[chosen]] == facts.signatures[old_at[chosen]], axis=1)
        confirmed[chosen] = agree >= threshold * NUM_PERM  # the share agreeing reaches the threshold
    return new_keys[confirmed], old_keys[confirmed], old_seqs[confirmed]


def _earliest(
    new_keys: np.ndarray, old_keys: np.ndarray, old_seqs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One (new, old, old seq) per new ad: the confirmed original that arrived first."""
    if not len(new_keys):
        return new_keys, old_keys, old_seqs
    order = np.lexsort((old_seqs, new_keys))
    firsts = order[np.r_[True, new_keys[order][1:] != new_keys[order][:-1]]]
    return new_keys[firsts], old_keys[firsts], old_seqs[firsts]


def _band_groups(bands: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For band rows sorted by band: where each band's run starts, its length, and each row's position
    in its band's run."""
    starts = np.flatnonzero(np.r_[True, bands[1:] != bands[:-1]])
    sizes = np.diff(np.r_[starts, len(bands)])
    return starts, sizes, np.arange(len(bands)) - np.repeat(starts, sizes)


def _named_keys(
    bands: np.ndarray, keys: np.ndarray, seqs: np.ndarray, since_seq: int, first: int
) -> np.ndarray:
    """The distinct keys `_band_pairs` names, without making the pairs: every new row, and every row among
    the first `first` of its band that some later new row of the band is compared with."""
    if len(bands) < 2:
        return np.zeros(0, dtype=np.int64)
    starts, sizes, position = _band_groups(bands)
    new = (position > 0) & (seqs > since_seq)
    last_new = np.repeat(np.maximum.reduceat(np.where(new, position, -1), starts), sizes)
    compared = position < np.minimum(last_new, first)
    return np.unique(keys[new | compared])


def _band_pairs(
    bands: np.ndarray, keys: np.ndarray, seqs: np.ndarray, since_seq: int, first: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """From band rows sorted by (band, seq): (new key, old key, old seq) for every ad that arrived after
    `since_seq` and each of the first `first` earlier ads in its band — in chunks of at most
    `_PAIRS_PER_BATCH` pairs."""
    count = len(bands)
    if count < 2:
        return
    starts, sizes, position = _band_groups(bands)
    group_start = np.repeat(starts, sizes)
    rows = np.flatnonzero((position > 0) & (seqs > since_seq))
    per_row = np.minimum(position[rows], first)
    ends = np.cumsum(per_row)
    budget = _PAIRS_PER_BATCH
    low = 0
    while low < len(rows):
        high = int(np.searchsorted(ends, ends[low] - per_row[low] + budget, side="right"))
        high = max(high, low + 1)
        chunk_rows, chunk_per = rows[low:high], per_row[low:high]
        new_rows = np.repeat(chunk_rows, chunk_per)
        # For each new row, the earlier rows group_start, group_start + 1, ...: an arange restarted per row.
        offsets = np.arange(len(new_rows)) - np.repeat(np.cumsum(chunk_per) - chunk_per, chunk_per)
        old_rows = group_start[new_rows] + offsets
        # A pair that meets in two bands comes twice (rare: a band of 11 rows seldom matches by chance);
        # confirming it twice is cheaper than sorting every pair to find it.
        yield keys[new_rows], keys[old_rows], seqs[old_rows]
        low = high


def _signature_rows(column: pa.ChunkedArray) -> np.ndarray:
    """A column of 256-byte signatures as a (rows, NUM_PERM) matrix, without a Python object per row:
    every value has the same length, so the values buffer is the matrix."""
    width = NUM_PERM * 4
    chunks = []
    for chunk in column.chunks:
        if not len(chunk):
            continue
        if pa.types.is_fixed_size_binary(chunk.type):
            start = chunk.offset * width
            data = np.frombuffer(chunk.buffers()[1], dtype=np.uint8)[start : start + len(chunk) * width]
        else:
            kind = np.int64 if pa.types.is_large_binary(chunk.type) else np.int32
            offsets = np.frombuffer(chunk.buffers()[1], dtype=kind)[
                chunk.offset : chunk.offset + len(chunk) + 1
            ]
            if not (np.diff(offsets) == width).all():
                raise ValueError("a stored MinHash signature has the wrong length")
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        chunks.append(np.frombuffer(data, dtype=np.uint32).reshape(-1, NUM_PERM))
    return np.concatenate(chunks) if chunks else np.zeros((0, NUM_PERM), dtype=np.uint32)


def _member(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.searchsorted(sorted_keys, keys)
    return sorted_keys[np.minimum(at, len(sorted_keys) - 1)] == keys
