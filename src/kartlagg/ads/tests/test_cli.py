"""`kartlagg ads ingest/stats/problems/export` end to end."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from kartlagg.cli.main import cli

pytestmark = pytest.mark.django_db


def test_ingest_then_stats(fixtures: Path, tmp_path: Path) -> None:
    store = tmp_path / "ads.duckdb"
    runner = CliRunner()
    ingest = runner.invoke(
        cli,
        ["ads", "ingest", "--no-classify", "--workers", "1", "--store", str(store),
         str(fixtures / "historical_sample.jsonl"), str(fixtures / "nav_pam_page_5ads.json")],
    )  # fmt: skip
    assert ingest.exit_code == 0, ingest.output
    assert "historical_sample.jsonl [jobtech-historical]: 9 added" in ingest.output
    assert "total: 14 ads added, 0 records skipped" in ingest.output
    stats = runner.invoke(cli, ["ads", "stats", "--by", "country", "--json", "--store", str(store)])
    assert stats.exit_code == 0, stats.output
    data = orjson.loads(stats.output)
    assert data["ads"] == 14
    assert {row["key"]: row["ads"] for row in data["rows"]} == {"SE": 7, "NO": 6, "DK": 1}
    exported = runner.invoke(cli, ["ads", "export", str(tmp_path / "out.csv"), "--store", str(store)])
    assert exported.exit_code == 0 and "wrote 14 ads" in exported.output


def test_a_file_that_is_no_ad_format_is_named(tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text('{"hello": "world"}', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ads", "ingest", "--workers", "1", "--store", str(tmp_path / "s.duckdb"), str(odd)]
    )
    assert result.exit_code == 1
    assert "odd.json: NOT READ" in result.output and "matches no known format" in result.output


def test_eval_is_part_of_the_group() -> None:
    result = CliRunner().invoke(cli, ["ads", "--help"])
    assert {"ingest", "classify", "stats", "eval", "export", "problems"} <= {
        line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()
    }
