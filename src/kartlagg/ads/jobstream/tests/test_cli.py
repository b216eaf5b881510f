"""`kartlagg ads stream` and `kartlagg ads ingest-dask` from the command line (no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from kartlagg.ads.jobstream import client as client_module
from kartlagg.ads.jobstream.tests.conftest import RecordedJobStream
from kartlagg.cli.main import cli

SAMPLE = Path(__file__).parents[2] / "tests" / "fixtures" / "historical_sample.jsonl"


@pytest.mark.django_db
def test_stream_command_keeps_its_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded: RecordedJobStream
) -> None:
    real_client = client_module.JobStreamClient

    class Recorded(real_client):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, transport=httpx.MockTransport(recorded), sleep=lambda s: None, **kwargs)

    monkeypatch.setattr(client_module, "JobStreamClient", Recorded)
    store = str(tmp_path / "ads.duckdb")
    runner = CliRunner()
    first = runner.invoke(
        cli,
        ["ads", "stream", "--since", "2026-11-24T00:00:00", "--until", "2026-11-25T00:00:00",
         "--window-hours", "12", "--store", store],
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "4 ads added, 1 updated, 0 unchanged, 0 older versions ignored, 1 marked removed" in first.output
    assert "checkpoint: 2026-11-25T00:00:00" in first.output
    second = runner.invoke(cli, ["ads", "stream", "--until", "2026-11-25T00:10:00", "--store", store])
    assert second.exit_code == 0, second.output
    assert "0 ads added" in second.output and "checkpoint: 2026-11-25T00:10:00" in second.output


@pytest.mark.django_db
def test_ingest_dask_command_in_process(tmp_path: Path) -> None:
    store = str(tmp_path / "ads.duckdb")
    result = CliRunner().invoke(
        cli,
        ["ads", "ingest-dask", str(SAMPLE), "--scheduler", "in-process", "--no-classify", "--store", store],
    )
    assert result.exit_code == 0, result.output
    assert "9 added" in result.output
