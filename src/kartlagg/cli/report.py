"""`kartlagg report ...`: build the status report. `report build --lang --format --output` is a contract."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django


@click.group("report")
def command() -> None:
    """The yearly status report."""


def _edition(key: str | None):
    from kartlagg.reports.models import Edition

    if key:
        edition = Edition.objects.filter(key=key).first()
        if edition is None:
            known = ", ".join(Edition.objects.values_list("key", flat=True)) or "none"
            raise click.ClickException(f"unknown edition {key!r} (known: {known})")
        return edition
    edition = Edition.objects.order_by("-year", "-pk").first()
    if edition is None:
        raise click.ClickException(
            "no report edition yet: run `kartlagg up --no-serve` or add one in the admin"
        )
    return edition


@command.command("build")
@click.option("--lang", "language", type=click.Choice(["sv", "en"]), required=True, help="Report language.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), required=True, help="Output format.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write ('-' = stdout).",
)
@click.option("--edition", default=None, help="Edition key (default: the latest edition).")
def report_build_command(language: str, fmt: str, output: Path, edition: str | None) -> None:
    """Build one edition of the status report in one language and format."""
    setup_django()
    from kartlagg.reports.services import ReportError, report_build

    try:
        build = report_build(edition=_edition(edition), language=language, fmt=fmt, built_by="cli")
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    content = bytes(build.content)
    if str(output) == "-":
        sys.stdout.buffer.write(content)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
    click.echo(
        f"{output}: {build.edition.key} {language} {fmt}, {len(content)} bytes, sha256 {build.sha256[:12]}, "
        f"data {build.data_hash[:12]}, taxonomy {build.taxonomy_version}, code {build.code_version}",
        err=True,
    )


@command.command("diff")
@click.option("--edition", required=True, help="The newer edition.")
@click.option("--with", "other", required=True, help="The edition to compare with.")
@click.option("--lang", "language", type=click.Choice(["sv", "en"]), default="sv")
def report_diff_command(edition: str, other: str, language: str) -> None:
    """What changed between two editions' texts and figures (unified diff)."""
    setup_django()
    import difflib

    from kartlagg.reports.services import report_render

    old = report_render(edition=_edition(other), language=language, fmt="html").document.text().splitlines()
    new = report_render(edition=_edition(edition), language=language, fmt="html").document.text().splitlines()
    for line in difflib.unified_diff(old, new, fromfile=other, tofile=edition, lineterm=""):
        click.echo(line)


@command.command("list")
def report_list_command() -> None:
    """The editions and their latest builds."""
    setup_django()
    from kartlagg.reports.selectors import edition_list

    for edition in edition_list():
        builds = (
            ", ".join(f"{b.language}/{b.format} {b.data_hash[:12]}" for b in edition.builds.all())
            or "not built"
        )
        click.echo(f"{edition.key}\t{edition.year}\t{builds}")
