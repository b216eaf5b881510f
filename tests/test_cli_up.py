"""`kartlagg up` is the README's first command: it must set up everything a newcomer looks at."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client

from kartlagg.cli.bootstrap import STEPS, steps_for
from kartlagg.cli.main import cli


def test_another_domain_gets_its_taxonomy_and_no_atmp_demo() -> None:
    assert steps_for("atmp") == STEPS
    assert [name for name, _ in steps_for("precision-medicine")] == ["domain pack"]


@pytest.mark.django_db(transaction=True)
def test_up_without_serving_loads_every_step_and_the_pages_show_them(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    result = CliRunner().invoke(cli, ["up", "--no-serve"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name, _ in STEPS:
        assert f"{name}: " in result.output

    client = Client()
    for url in ("/", "/en/", "/taxonomy/", "/catalogue/?area=gmp-production", "/en/catalogue/"):
        assert client.get(url).status_code == 200, url

    # Running it again adds nothing: every loader is idempotent.
    again = CliRunner().invoke(cli, ["up", "--no-serve"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert "atmp 2026.1 (unchanged)" in again.output
