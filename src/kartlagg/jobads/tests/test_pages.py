"""The job-ad pages read the DuckDB store: counts per filter, trend, CSV, evidence, both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kartlagg.ads.store import AdStore
from kartlagg.jobads.services import jobads_load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_store(settings: Any, tmp_path: Path) -> Path:
    store = tmp_path / "ads" / "ads.duckdb"
    settings.KARTLAGG_ADS_STORE = str(store)
    summary = jobads_load_demo(store=store)
    assert summary.added == 14
    return store


def test_empty_store_says_how_to_fill_it(settings: Any, tmp_path: Path, client: Client) -> None:
    settings.KARTLAGG_ADS_STORE = str(tmp_path / "none" / "ads.duckdb")
    page = client.get("/jobads/")
    assert page.status_code == 200
    assert "kartlagg ads ingest" in page.content.decode()


def test_overview_counts_each_ad_once_with_tables_per_filter(demo_store: Path, client: Client) -> None:
    html = client.get("/jobads/").content.decode()
    assert 'id="total-ads">13<' in html  # 14 ads, one of them a repost
    for table in ("relevance", "year", "country", "area", "region", "employer"):
        assert f'id="by-{table}"' in html
    assert "<svg" in html and "<rect" in html
    assert "Exempel Cellterapi AB" in html
    assert 'class="illustrative"' in html


def test_filters_narrow_the_counts(demo_store: Path, client: Client) -> None:
    html = client.get("/jobads/", {"country": "NO"}).content.decode()
    assert 'id="total-ads">2<' in html
    html = client.get("/jobads/", {"relevance": "atmp"}).content.decode()
    assert 'id="total-ads">5<' in html


def test_english_version(demo_store: Path, client: Client) -> None:
    sv = client.get("/jobads/").content.decode()
    en = client.get("/en/jobads/").content.decode()
    assert "Job ads" in en and "Positions" in en
    assert "Platsannonser" in sv and "Tjänster" in sv


def test_csv_export_follows_the_filters(demo_store: Path, client: Client) -> None:
    response = client.get("/jobads/export.csv", {"relevance": "atmp"})
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    lines = body.strip().splitlines()
    assert lines[0].startswith("source,source_id,headline")
    assert len(lines) == 1 + 5
    assert all(",atmp," in line for line in lines[1:])


def test_detail_view_highlights_the_evidence(demo_store: Path, client: Client) -> None:
    with AdStore(demo_store, read_only=True) as store:
        key = store.query("SELECT ad_key FROM ads WHERE source_id = 'ill-1002'")[0][0]
        repost = store.query("SELECT ad_key FROM ads WHERE source_id = 'ill-1001-r'")[0][0]
    html = client.get(f"/jobads/ad/{key}/").content.decode()
    assert '<mark class="signal"' in html
    # Each relevance term with the sentence it stands in, found from its span when the page is read.
    assert (
        "— “Example Vector Manufacturing AB produces AAV and lentiviral vectors for gene therapy clinical "
        "trials.”" in html
    )
    assert '<mark class="area"' in html or "Competence areas" in html or "Kompetensområden" in html
    assert "Example Vector Manufacturing AB" in html
    copy = client.get(f"/en/jobads/ad/{repost}/").content.decode()
    assert "the ad counted instead of this one" in copy
    assert client.get("/jobads/ad/12345/").status_code == 404


@pytest.mark.parametrize("q", ["läkemedel", "LÄKEMEDEL", "Läkemedel"])
def test_search_folds_swedish_letters(demo_store: Path, client: Client, q: str) -> None:
    # "terapiläkemedel" (ill-1005) and "biologiska läkemedel" (ill-2001): DuckDB's ILIKE folds å ä ö.
    html = client.get("/jobads/", {"q": q}).content.decode()
    assert 'id="total-ads">2<' in html
    assert "Qualified Person (QP) för avancerade terapiläkemedel" in html
    assert "Kvalitetssäkringsspecialist, biologiska läkemedel" in html
