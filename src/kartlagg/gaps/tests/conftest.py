"""Keep these tests off any job-ad store on the machine: each test gets its own (empty) store path."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_ads_store(settings, tmp_path):
    settings.KARTLAGG_ADS_STORE = str(tmp_path / "ads" / "ads.duckdb")


@pytest.fixture(autouse=True)
def swedish_to_start_with():
    """Start from the default language whatever an earlier test left active (URLs and labels depend on it)."""
    from django.utils import translation

    with translation.override("sv"):
        yield
