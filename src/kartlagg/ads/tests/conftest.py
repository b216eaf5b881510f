from __future__ import annotations

from pathlib import Path

import pytest

from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.pipeline import Pipeline

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "store" / "ads.duckdb"


@pytest.fixture
def pipeline(store_file: Path) -> Pipeline:
    """In-process pipeline without the classifier: ingest, dedup and store only."""
    return Pipeline(store=store_file, config=PipelineConfig(workers=1), classifier_factory=None)
