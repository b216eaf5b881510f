"""`kartlagg alerts send`: e-mail each active subscription its new matching ATMP ads (run after ingest)."""

from __future__ import annotations

from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django


@click.group("alerts")
def command() -> None:
    """Job-ad alerts: e-mail digests of new ATMP ads."""


@command.command("send")
@click.option(
    "--store", type=click.Path(dir_okay=False, path_type=Path), default=None, help="DuckDB store file."
)
def send_command(store: Path | None) -> None:
    """Send the digests (Django e-mail settings). Ads already sent are never sent again."""
    setup_django()
    from kartlagg.alerts.services import digests_send

    run = digests_send(store_file=store)
    click.echo(f"{run.subscriptions} active alerts, {run.emails} digests sent with {run.ads} ads")
    if run.failed:
        for line in run.failed:
            click.echo(f"  not sent (again next run): {line}", err=True)
        raise SystemExit(1)
