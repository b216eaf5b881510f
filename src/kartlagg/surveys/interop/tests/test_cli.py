"""`kartlagg surveys export` and `kartlagg surveys import-responses`, as a coordinator types them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import timezone

from kartlagg.cli.main import cli
from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.surveys import services as survey_services
from kartlagg.surveys.interop import lss, xlsform
from kartlagg.surveys.models import SurveyResponse


@pytest.mark.parametrize("fmt", ["lss", "redcap", "xlsform"])
def test_export_writes_the_shipped_instrument(fmt: str, tmp_path: Path) -> None:
    output = tmp_path / f"atmp.{fmt}"
    result = CliRunner().invoke(cli, ["surveys", "export", "--format", fmt, "atmp-demand-2026", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote atmp-demand-2026 2026.1 (12 questions) as {fmt} to {output}\n"
    if fmt == "lss":
        assert [q.code for q in lss.read_lss(output.read_bytes()).form.questions][:3] == [
            "orgtype",
            "orgsize",
            "atmpstaff",
        ]
    elif fmt == "redcap":
        rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8"))))
        assert rows[1][0] == "record_id" and rows[2][0] == "org_type"
    else:
        assert xlsform.read_xlsform(output.read_bytes()).form.code == "atmp-demand-2026"


def test_export_of_an_unknown_instrument_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["surveys", "export", "--format", "lss", "no-such", str(tmp_path / "x.lss")]
    )
    assert result.exit_code == 1
    assert "no shipped instrument 'no-such'" in result.output
    assert not (tmp_path / "x.lss").exists()


@pytest.mark.django_db
def test_import_responses_reports_what_it_stored_and_refuses_a_bad_file(tmp_path: Path) -> None:
    version = survey_services.instrument_install_shipped()
    round_ = survey_services.round_create(
        title="Behov 2026", instrument=version, closes_at=timezone.now() + dt.timedelta(days=30)
    )
    survey_services.round_open(round=round_)
    Organisation.objects.create(slug="bolag-a", name="Bolag A AB", kind=OrganisationKind.COMPANY_SME)
    good = tmp_path / "records.csv"
    good.write_text(
        "record_id,org_type,org_size,willing,organisation_complete\nbolag-a,company_sme,micro,no,1\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["surveys", "import-responses", "--round", str(round_.pk), str(good)])
    assert result.exit_code == 0, result.output
    assert (
        result.output == f"records.csv -> round {round_.pk}: 1 responses: 1 new, 0 updated, 0 unchanged; "
        "0 submitted, 1 drafts\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,org_type\nbolag-a,startup\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["surveys", "import-responses", "--round", str(round_.pk), "--source", "redcap", str(bad)]
    )
    assert result.exit_code == 1
    assert "bad.csv, row 1, field 'org_type': 'startup' is not one of the choices" in result.output
    assert SurveyResponse.objects.get(round=round_).answers == {
        "org_type": "company_sme",
        "org_size": "micro",
        "willing": "no",
    }
