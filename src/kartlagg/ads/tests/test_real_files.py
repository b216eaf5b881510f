"""The real sample files from ../shared/data (skipped on machines without them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.ingest.generic import ColumnMapping
from kartlagg.ads.pipeline import Pipeline, default_classifier
from kartlagg.ads.store import AdStore
from kartlagg.ads.summaries import AdFilters, ad_detail, counts, totals

pytestmark = pytest.mark.shared_data


def test_the_504_it_ads_through_the_generic_csv_adapter(
    shared_data: Path, fixtures: Path, tmp_path: Path
) -> None:
    store_file = tmp_path / "ads.duckdb"
    pipeline = Pipeline(
        store=store_file, config=PipelineConfig(workers=1), classifier_factory=default_classifier
    )
    mapping = ColumnMapping.from_file(fixtures / "it_ads_mapping.yaml")
    csv_file = shared_data / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    summary = pipeline.ingest([csv_file], mapping=mapping)
    assert (summary.added, summary.skipped) == (504, 0)
    with AdStore(store_file, read_only=True) as store:
        relevance = {row.key: row.ads for row in counts(store, by="relevance")}
        assert "atmp" not in relevance  # none of the IT ads is an ATMP ad
        assert sum(relevance.values()) == totals(store).ads
        # The few life-science ones (pharmacy, RISE, universities) come out related, with their evidence.
        related = store.query(
            "SELECT a.ad_key FROM ads a JOIN ad_classifications c USING (ad_key) "
            "WHERE c.relevance = 'related'"
        )
        for (key,) in related:
            detail = ad_detail(store, key)
            assert detail is not None and detail.evidence
        languages = {row.key: row.ads for row in counts(store, by="language")}
        assert set(languages) == {"sv", "en"}
        assert counts(store, by="year") == counts(store, by="year", filters=AdFilters(country="SE"))


def test_nav_pages_and_jobtech_samples(shared_data: Path, tmp_path: Path) -> None:
    store_file = tmp_path / "ads.duckdb"
    pipeline = Pipeline(store=store_file, config=PipelineConfig(workers=1), classifier_factory=None)
    files = sorted((shared_data / "nav-norway-ad-samples").glob("*.json")) + sorted(
        (shared_data / "jobtech-ad-samples").glob("*.json")
    )
    summary = pipeline.ingest(files)
    assert all(not f.error for f in summary.files)
    assert summary.skipped == 0
    # 40 NAV ads, 2 JobSearch ads, 4 legacy ads; the converted legacy ad is one of those again.
    assert summary.added == 40 + 2 + 4
    assert sum(f.duplicates for f in summary.files) == 1
    with AdStore(store_file, read_only=True) as store:
        assert {row.key: row.ads for row in counts(store, by="country")}["NO"] <= 40


def test_a_corrupted_copy_of_a_real_file(shared_data: Path, fixtures: Path, tmp_path: Path) -> None:
    source = shared_data / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    lines = source.read_text(encoding="utf-8").split("\n")
    # Damage the publication date of the first ad (line 2).
    lines[1] = lines[1].replace(",2026-", ",2026-13-", 1)
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines), encoding="utf-8")
    pipeline = Pipeline(
        store=tmp_path / "ads.duckdb", config=PipelineConfig(workers=1), classifier_factory=None
    )
    summary = pipeline.ingest([broken], mapping=ColumnMapping.from_file(fixtures / "it_ads_mapping.yaml"))
    assert (summary.added, summary.skipped) == (503, 1)
    assert summary.files[0].problems[0].startswith("broken.csv:2: impossible-date")
