"""`kartlagg catalogue import|export|seed` as an operator runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kartlagg.catalogue.models import Offering
from kartlagg.cli.main import cli

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(cli, ["catalogue", *args], catch_exceptions=False)


def test_seed_then_seed_again(atmp_domain):
    first = run("seed")
    assert first.exit_code == 0
    assert first.output == "seed catalogue: 25 created, 0 updated, 0 unchanged\n"
    assert run("seed").output == "seed catalogue: 0 created, 0 updated, 25 unchanged\n"


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx", "yaml"])
def test_export_then_import_changes_nothing(atmp_domain, tmp_path, suffix):
    run("seed")
    path = tmp_path / f"out.{suffix}"

    exported = run("export", str(path))
    assert exported.exit_code == 0
    assert exported.output == f"wrote 25 offerings to {path}\n"

    imported = run("import", str(path))
    assert imported.exit_code == 0
    assert imported.stdout.splitlines()[-1] == f"{path}: 0 created, 0 updated, 25 unchanged"


def test_a_malformed_file_is_refused_with_the_place_named(atmp_domain, tmp_path):
    path = tmp_path / "bad.json"
    base = {"title_en": "Course", "kind": "course", "provider": "P", "country": "SE", "atmp_share": "some"}
    rows = [
        dict(base, key="good"),
        dict(base, key="bad", areas=[{"area": "gmp-production", "depth": "expert"}], start_date="2026-02-30"),
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")

    result = run("import", str(path))

    assert result.exit_code == 1
    assert "Error: catalogue file refused, 1 problem(s), nothing imported:" in result.output
    assert f"{path}, row 2, field 'start_date': '2026-02-30' is not a date (YYYY-MM-DD)" in result.output
    assert Offering.objects.count() == 0


def test_a_broken_spreadsheet_is_refused(atmp_domain, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_text("not a spreadsheet", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert f"{path}, row 0, field '': not a readable Excel (.xlsx) file" in result.output


def test_export_to_an_unknown_format_is_refused(atmp_domain, tmp_path):
    result = run("export", str(tmp_path / "out.pdf"))
    assert result.exit_code == 1
    assert "unsupported file type .pdf" in result.output
