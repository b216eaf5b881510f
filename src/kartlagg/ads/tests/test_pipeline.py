"""Ingest into the store: idempotent, duplicate-aware, robust to bad records, resumable."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.ingest.generic import ColumnMapping
from kartlagg.ads.ingest.reading import iter_lines
from kartlagg.ads.ingest.registry import choose_adapter
from kartlagg.ads.pipeline import FileSummary, Pipeline
from kartlagg.ads.store import AdStore
from kartlagg.ads.summaries import AdFilters, ad_detail, counts, totals


def stored(store_file: Path, sql: str) -> list[tuple[Any, ...]]:
    with AdStore(store_file, read_only=True) as store:
        return store.query(sql)


def _corrupt_copy(fixtures: Path, tmp_path: Path) -> Path:
    """The nine sample ads with three bad records: lines 2 (bad JSON), 4 (no text) and 6 (30 February)."""
    lines = (fixtures / "historical_sample.jsonl").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][:57]
    lines[3] = lines[3].replace('"text": "Vi søker', '"text": "", "x": "')
    lines[5] = lines[5].replace('"publication_date": "2021-05-12', '"publication_date": "2021-02-30')
    corrupt = tmp_path / "corrupt.jsonl"
    corrupt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corrupt


def test_every_fixture_format_lands_in_the_store(
    pipeline: Pipeline, fixtures: Path, store_file: Path
) -> None:
    summary = pipeline.ingest(
        [
            fixtures / "jobsearch_es_response_2ads_2019.json",
            fixtures / "legacy_af_annons_2ads.json",
            fixtures / "legacy_af_annons_2ads_b.json",
            fixtures / "legacy_expected_after_conversion.json",
            fixtures / "nav_pam_page_5ads.json",
            fixtures / "historical_sample.jsonl",
        ]
    )
    assert [f.adapter for f in summary.files] == [
        "jobtech-jobsearch", "jobtech-legacy", "jobtech-legacy", "jobtech-jobsearch", "nav-pam",
        "jobtech-historical",
    ]  # fmt: skip
    assert [(f.added, f.duplicates, f.skipped) for f in summary.files] == [
        (2, 0, 0), (2, 0, 0), (2, 0, 0), (0, 1, 0), (5, 0, 0), (9, 0, 0)
    ]  # fmt: skip
    assert summary.added == 20
    assert stored(store_file, "SELECT count(*) FROM ads") == [(20,)]
    origins = {row[0] for row in stored(store_file, "SELECT origin FROM ads")}
    assert "historical_sample.jsonl:3" in origins and "nav_pam_page_5ads.json#5" in origins


def test_same_file_twice_adds_nothing(
    pipeline: Pipeline, fixtures: Path, store_file: Path, tmp_path: Path
) -> None:
    first = pipeline.ingest([fixtures / "historical_sample.jsonl"])
    again = pipeline.ingest([fixtures / "historical_sample.jsonl"])
    assert (first.added, again.added) == (9, 0)
    assert again.files[0].already_done
    # The same ads under another file name and order are recognised by their keys, not the file.
    shuffled = tmp_path / "renamed.jsonl"
    shuffled.write_bytes(
        b"".join(reversed((fixtures / "historical_sample.jsonl").read_bytes().splitlines(True)))
    )
    third = pipeline.ingest([shuffled])
    assert (third.added, third.files[0].duplicates) == (0, 9)
    assert stored(store_file, "SELECT count(*) FROM ads") == [(9,)]


def test_gz_and_zip_containers(pipeline: Pipeline, fixtures: Path, store_file: Path, tmp_path: Path) -> None:
    data = (fixtures / "historical_sample.jsonl").read_bytes()
    packed = tmp_path / "2021.jsonl.gz"
    packed.write_bytes(gzip.compress(data))
    archive = tmp_path / "2022.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2022.jsonl", data.replace(b'"h-', b'"z-'))
    summary = pipeline.ingest([packed, archive])
    assert [(f.adapter, f.added) for f in summary.files] == [
        ("jobtech-historical", 9),
        ("jobtech-historical", 9),
    ]
    origins = {row[0] for row in stored(store_file, "SELECT origin FROM ads")}
    assert "2021.jsonl.gz:1" in origins and "2022.zip/2022.jsonl:9" in origins
    # The zip holds the same ads under new ids: stored, but each counted once.
    with AdStore(store_file, read_only=True) as store:
        assert totals(store).ads == 9
    assert summary.exact_duplicates == 9


def test_corrupted_copy_is_reported_and_the_run_goes_on(
    pipeline: Pipeline, fixtures: Path, store_file: Path, tmp_path: Path
) -> None:
    corrupt = _corrupt_copy(fixtures, tmp_path)
    summary = pipeline.ingest([corrupt, fixtures / "nav_pam_page_5ads.json"])
    bad = summary.files[0]
    assert (bad.added, bad.skipped) == (6, 3)
    assert dict(bad.reasons) == {"bad-json": 1, "missing-text": 1, "impossible-date": 1}
    assert bad.problems[0].startswith("corrupt.jsonl:2: bad-json")
    assert bad.problems[1] == "corrupt.jsonl:4: missing-text (description.text is empty)"
    assert bad.problems[2].startswith("corrupt.jsonl:6: impossible-date (publication_date='2021-02-30")
    assert summary.files[1].added == 5  # the next file is read all the same
    text = "\n".join(summary.lines())
    assert "3 skipped (1 bad-json, 1 missing-text, 1 impossible-date)" in text
    with AdStore(store_file, read_only=True) as store:
        assert [p[:2] for p in store.problems()] == [
            ("corrupt.jsonl:2", "bad-json"),
            ("corrupt.jsonl:4", "missing-text"),
            ("corrupt.jsonl:6", "impossible-date"),
        ]


def test_blank_lines_and_crlf_keep_line_numbers_true(
    fixtures: Path, store_file: Path, tmp_path: Path
) -> None:
    """Blank and whitespace-only lines are skipped yet counted, Windows line ends and a last line without
    a break are read, so a bad record is named by the line an editor shows — across block edges too."""
    lines = (fixtures / "historical_sample.jsonl").read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][:40]  # bad JSON
    messy = tmp_path / "messy.jsonl"
    body = "\r\n".join([lines[0], "", lines[1], " \t ", lines[2], lines[3], lines[4], *lines[5:]])
    messy.write_bytes(body.encode("utf-8"))  # no line break after the last record
    config = PipelineConfig(workers=1, block_bytes=700)
    summary = Pipeline(store=store_file, config=config, classifier_factory=None).ingest([messy])
    assert (summary.files[0].added, summary.files[0].skipped) == (8, 1)
    assert summary.files[0].problems[0].startswith("messy.jsonl:7: bad-json")
    assert [row[0] for row in stored(store_file, "SELECT origin FROM ads ORDER BY seq")][:3] == [
        "messy.jsonl:1",
        "messy.jsonl:3",
        "messy.jsonl:5",
    ]


def test_cross_posted_ad_is_one_ad(pipeline: Pipeline, fixtures: Path, store_file: Path) -> None:
    pipeline.ingest([fixtures / "historical_sample.jsonl"])
    mapping = ColumnMapping.from_file(fixtures / "career_page_mapping.yaml")
    summary = pipeline.ingest([fixtures / "career_page.csv"], mapping=mapping)
    career = summary.files[0]
    assert (career.added, career.skipped) == (3, 2)
    # CP-18 is h-2001 word for word; CP-17 is h-1002 with an extra sentence on the career page.
    assert (summary.exact_duplicates, summary.near_duplicates) == (1, 1)
    copies = dict(
        stored(
            store_file,
            "SELECT c.source_id, o.source_id FROM ads c JOIN ads o ON c.dup_of = o.ad_key ORDER BY 1",
        )
    )
    assert copies == {"CP-17": "h-1002", "CP-18": "h-2001"}
    with AdStore(store_file, read_only=True) as store:
        assert totals(store).ads == 9 + 1
        assert totals(store).copies == 2
        original = ad_detail(
            store, stored(store_file, "SELECT ad_key FROM ads WHERE source_id = 'h-1002'")[0][0]
        )
        assert original is not None and [c[2] for c in original.copies] == ["CP-17"]


def test_interrupted_run_resumes_without_double_counting(fixtures: Path, store_file: Path) -> None:
    config = PipelineConfig(workers=1, block_bytes=2000, commit_ads=1, row_group_rows=1)  # a commit a block

    class Stop(Exception):
        pass

    def stop_after_first_block(progress: FileSummary) -> None:
        raise Stop

    interrupted = Pipeline(
        store=store_file, config=config, classifier_factory=None, after_commit=stop_after_first_block
    )
    with pytest.raises(Stop):
        interrupted.ingest([fixtures / "historical_sample.jsonl"])
    partial = stored(store_file, "SELECT count(*) FROM ads")[0][0]
    assert 0 < partial < 9
    resumed = Pipeline(store=store_file, config=config, classifier_factory=None).ingest(
        [fixtures / "historical_sample.jsonl"]
    )
    assert resumed.files[0].resumed_from > 0
    assert resumed.files[0].added == 9 - partial
    assert resumed.files[0].duplicates == 0
    assert stored(store_file, "SELECT count(*), count(DISTINCT source_id) FROM ads") == [(9, 9)]
    assert stored(store_file, "SELECT status, added FROM ingest_files") == [("done", 9)]


def test_commits_store_whole_row_groups_and_carry_the_rest(fixtures: Path, tmp_path: Path) -> None:
    """Each commit but the last ends on a row-group boundary; the block it cuts waits, tail and problems,
    for the next commit. The store is the one a single commit gives, every problem listed once."""
    corrupt = _corrupt_copy(fixtures, tmp_path)
    rows = "SELECT source_id, origin, seq, payload <> '' FROM ads ORDER BY seq"
    outcomes = []
    for name, config in (
        ("one", PipelineConfig(workers=1, block_bytes=2000, commit_ads=1_000_000)),
        ("cut", PipelineConfig(workers=1, block_bytes=2000, commit_ads=4, row_group_rows=4)),
    ):
        store_file = tmp_path / name / "ads.duckdb"
        summary = Pipeline(store=store_file, config=config, classifier_factory=None).ingest([corrupt])
        assert (summary.files[0].added, summary.files[0].duplicates, summary.files[0].skipped) == (6, 0, 3)
        with AdStore(store_file, read_only=True) as store:
            problems = [p[:2] for p in store.problems()]
        outcomes.append(
            (
                stored(store_file, rows),
                problems,
                stored(store_file, "SELECT status, items_done, added, duplicates, skipped FROM ingest_files"),
            )
        )
    assert outcomes[0] == outcomes[1]
    assert outcomes[1][1] == [("corrupt.jsonl:2", "bad-json"), ("corrupt.jsonl:4", "missing-text"),
                              ("corrupt.jsonl:6", "impossible-date")]  # fmt: skip
    assert outcomes[1][2] == [("done", 9, 6, 0, 3)]


def test_commits_in_row_groups_stop_and_resume_without_counting_twice(fixtures: Path, tmp_path: Path) -> None:
    """Blocks of three lines: [1, 2 bad, 3], [4 bad, 5, 6 bad], [7, 8, 9]; commits of four ads in row
    groups of four. The first commit comes with the third block: it stores ads 1, 3, 5, 7 and cuts the
    last block after ad 7. Stopped there, the run resumes after line 6: ad 7 is read again and known by
    its key, and no problem is counted twice."""
    corrupt = _corrupt_copy(fixtures, tmp_path)
    store_file = tmp_path / "store" / "ads.duckdb"
    config = PipelineConfig(workers=1, block_bytes=2000, commit_ads=4, row_group_rows=4)

    class Stop(Exception):
        pass

    stored_after: list[int] = []

    def stop_once_ads_are_stored(progress: FileSummary) -> None:
        stored_after.append(progress.added)
        if progress.added:
            raise Stop

    interrupted = Pipeline(
        store=store_file, config=config, classifier_factory=None, after_commit=stop_once_ads_are_stored
    )
    with pytest.raises(Stop):
        interrupted.ingest([corrupt])
    assert stored_after == [4]
    assert stored(store_file, "SELECT origin FROM ads ORDER BY seq") == [
        ("corrupt.jsonl:1",), ("corrupt.jsonl:3",), ("corrupt.jsonl:5",), ("corrupt.jsonl:7",)
    ]  # fmt: skip
    assert stored(store_file, "SELECT items_done, added, skipped FROM ingest_files") == [(6, 4, 3)]
    resumed = Pipeline(store=store_file, config=config, classifier_factory=None).ingest([corrupt])
    assert resumed.files[0].resumed_from == 6
    assert (resumed.files[0].added, resumed.files[0].duplicates, resumed.files[0].skipped) == (2, 1, 0)
    assert stored(store_file, "SELECT count(*), count(DISTINCT source_id) FROM ads") == [(6, 6)]
    assert stored(store_file, "SELECT status, items_done, added, skipped FROM ingest_files") == [
        ("done", 9, 6, 3)
    ]
    with AdStore(store_file, read_only=True) as store:
        assert [p[0] for p in store.problems()] == ["corrupt.jsonl:2", "corrupt.jsonl:4", "corrupt.jsonl:6"]


def test_what_waits_for_a_row_group_stays_within_two_commits(fixtures: Path, tmp_path: Path) -> None:
    """Row groups far larger than the file: commits cannot fill one, yet once two commits' worth of ads
    wait they are stored anyway, so a file of mostly stored ads never piles up in memory."""
    store_file = tmp_path / "store" / "ads.duckdb"
    config = PipelineConfig(workers=1, block_bytes=2000, commit_ads=2, row_group_rows=1000)
    stored_after: list[int] = []
    Pipeline(
        store=store_file,
        config=config,
        classifier_factory=None,
        after_commit=lambda progress: stored_after.append(progress.added),
    ).ingest([fixtures / "historical_sample.jsonl"])
    # Blocks of 2, 3, 3 and 1 ads; two commits' worth is 4. After the first block (2 waiting) and the
    # third (3) a commit can fill no row group and stores nothing; after the second (5) and the fourth
    # (4) all that waits is stored.
    assert stored_after == [0, 5, 5, 9]


def test_two_worker_processes_give_the_same_store(fixtures: Path, tmp_path: Path) -> None:
    results = []
    for workers in (1, 2):
        target = tmp_path / f"w{workers}" / "ads.duckdb"
        config = PipelineConfig(workers=workers, block_bytes=3000)
        Pipeline(store=target, config=config, classifier_factory=None).ingest(
            [fixtures / "historical_sample.jsonl"]
        )
        results.append(stored(target, "SELECT source_id, origin, seq, dup_of IS NULL FROM ads ORDER BY seq"))
    assert results[0] == results[1]
    assert len(results[0]) == 9


def test_counts_as_ads_and_positions(pipeline: Pipeline, fixtures: Path, store_file: Path) -> None:
    shutil.copy(fixtures / "historical_sample.jsonl", store_file.parent.parent / "h.jsonl")
    pipeline.ingest([store_file.parent.parent / "h.jsonl"])
    with AdStore(store_file, read_only=True) as store:
        by_country = {row.key: (row.ads, row.positions) for row in counts(store, by="country")}
        assert by_country == {"SE": (7, 8), "DK": (1, 1), "NO": (1, 1)}
        by_year = [(row.key, row.ads) for row in counts(store, by="year")]
        assert by_year == [("2021", 4), ("2022", 5)]
        assert totals(store, AdFilters(country="SE", year="2021")).ads == 4


def test_parquet_export(pipeline: Pipeline, fixtures: Path, store_file: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    pipeline.ingest([fixtures / "historical_sample.jsonl"])
    with AdStore(store_file) as store:
        outputs = store.export_parquet(tmp_path / "export")
    table = pq.read_table(outputs["ads"])
    assert table.num_rows == 9
    texts = dict(zip(table.column("source_id").to_pylist(), table.column("text").to_pylist(), strict=True))
    assert texts["h-1001"].startswith("Exempel Cellterapi AB utvecklar")


def test_classify_stored_ads_later(pipeline: Pipeline, fixtures: Path, store_file: Path) -> None:
    from kartlagg.ads.classify_stored import classify_stored
    from kartlagg.ads.pipeline import default_classifier

    pipeline.ingest([fixtures / "historical_sample.jsonl"])  # without the classifier
    assert stored(store_file, "SELECT count(*) FROM ad_classifications") == [(0,)]
    classifier = default_classifier()
    assert classify_stored(store=store_file, classifier=classifier, batch=4) == 9
    assert classify_stored(store=store_file, classifier=classifier) == 0  # nothing left for this version
    assert classify_stored(store=store_file, classifier=classifier, all_ads=True) == 9
    rows = stored(
        store_file, "SELECT count(*), count(DISTINCT ad_key), min(model_version) FROM ad_classifications"
    )
    assert rows == [(9, 9, classifier.model_version)]
    relevance = dict(
        stored(
            store_file,
            "SELECT a.source_id, c.relevance FROM ads a JOIN ad_classifications c USING (ad_key)",
        )
    )
    assert relevance["h-3001"] == "none"  # the car workshop's "CAR" is not CAR-T


def test_blocks_committed_together_give_the_store_of_one_commit_per_block(
    fixtures: Path, tmp_path: Path
) -> None:
    """A commit holds many blocks; an id met in two blocks of that commit still counts once (the first),
    and the payload file of a block whose every ad was stored before is removed."""
    lines = (fixtures / "historical_sample.jsonl").read_bytes().splitlines(keepends=True)
    source = tmp_path / "with_repeat.jsonl"
    source.write_bytes(b"".join(lines) + lines[0])  # the first ad again, in the last block
    rows = "SELECT source_id, origin, seq, payload <> '' FROM ads ORDER BY seq"
    outcomes = []
    for commit_ads in (1, 1_000_000):
        store_file = tmp_path / f"store-{commit_ads}" / "ads.duckdb"
        config = PipelineConfig(workers=1, block_bytes=1500, commit_ads=commit_ads, row_group_rows=1)
        summary = Pipeline(store=store_file, config=config, classifier_factory=None).ingest([source])
        texts = sorted(p.name for p in (store_file.parent / "texts").glob("*.parquet"))
        used = {name for (name,) in stored(store_file, "SELECT DISTINCT payload FROM ads")}
        assert set(texts) == used  # no payload file without an ad pointing to it
        outcomes.append(
            (
                summary.files[0].added,
                summary.files[0].duplicates,
                summary.files[0].skipped,
                stored(store_file, rows),
            )
        )
    assert outcomes[0] == outcomes[1]
    added, duplicates, skipped, ads = outcomes[0]
    assert duplicates == 1
    assert len(ads) == added == len({row[0] for row in ads})


def test_each_ad_is_encoded_once_and_every_use_reads_the_same_text() -> None:
    """The worker encodes headline and text once; the classifier, the signatures, the content key and
    the stored text all come from those bytes, and equal what each computes from the strings."""
    from kartlagg.ads import dedup
    from kartlagg.ads.classify.classifier import Classifier
    from kartlagg.ads.pipeline import evidence_json, records_table
    from kartlagg.ads.record import AdRecord

    records = [
        AdRecord(
            "generic", "1", "Processingenjör – ATMP", "Tillverkning av CAR‑T-celler enligt GMP i renrum."
        ),
        AdRecord("generic", "2", "", "Only a text 🧬, no headline.", employer_name="Ö AB"),
        AdRecord("generic", "3", "Säljare", "Vi säljer bilar."),
    ]
    encoded = [f"{r.headline}\n{r.text}".encode() for r in records]
    classifier = Classifier.from_domain("atmp")
    with_bytes = classifier.classify_many(records, encoded)
    assert [evidence_json(r) for r in with_bytes] == [
        evidence_json(r) for r in classifier.classify_many(records)
    ]
    assert with_bytes[0].relevance == "atmp"

    plan = dedup.band_plan(0.8)
    table, payload = records_table(records, [1, 2, 3], "x:", None, plan, encoded)
    assert payload.column("text").to_pylist() == [r.text for r in records]
    expected_signatures = dedup.signatures([f"{r.headline}\n{r.text}" for r in records])
    assert payload.column("signature").to_pylist() == [s.tobytes() for s in expected_signatures]
    assert table.column("content_key").to_pylist() == [
        dedup.content_key(r.employer_name, r.headline, r.text) for r in records
    ]
    assert records_table(records, [1, 2, 3], "x:", None, plan)[1].equals(payload)  # encoding itself


def test_stored_language_is_the_stated_one_else_the_detected_one(
    pipeline: Pipeline, fixtures: Path, store_file: Path, tmp_path: Path
) -> None:
    """The pipeline detects a block's languages at once; each ad must get what its own record says."""
    careers = tmp_path / "careers.jsonl"
    careers.write_text(
        '{"ref": "A", "title": "Processingenjör", "body": "Vi söker dig som vill arbeta med oss och våra '
        'celler.", "lang": ""}\n'
        '{"ref": "B", "title": "Process engineer", "body": "Vi söker dig som vill arbeta med oss.", '
        '"lang": "EN"}\n',
        encoding="utf-8",
    )
    mapping = ColumnMapping.from_dict(
        {
            "source": "careers",
            "columns": {"source_id": "ref", "headline": "title", "text": "body", "language": "lang"},
        }
    )
    pipeline.ingest([fixtures / "historical_sample.jsonl"])
    pipeline.ingest([careers], mapping=mapping)
    languages = dict(stored(store_file, "SELECT source_id, language FROM ads"))
    assert (languages["A"], languages["B"]) == ("sv", "en")  # B's text is Swedish; its source says English
    adapter, _ = choose_adapter(fixtures / "historical_sample.jsonl")
    records = [adapter.to_record(line, "") for _, _, line in iter_lines(fixtures / "historical_sample.jsonl")]
    assert [languages[r.source_id] for r in records] == [r.language for r in records]
    assert [languages[r.source_id] for r in records][:4] == ["sv", "en", "da", "no"]
