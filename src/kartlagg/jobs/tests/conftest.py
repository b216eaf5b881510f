from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_ads_store(settings, tmp_path):
    """Each test gets its own (empty) job-ad store path, never one on the machine."""
    settings.KARTLAGG_ADS_STORE = str(tmp_path / "ads" / "ads.duckdb")
