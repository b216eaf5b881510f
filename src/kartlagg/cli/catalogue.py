from __future__ import annotations

import sys
from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django


@click.group("catalogue")
def command() -> None:
    """The education catalogue."""


@command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def catalogue_import(file: Path) -> None:
    """Import offerings from CSV, JSON, Excel or YAML. All or nothing: a bad row refuses the file."""
    setup_django()
    from kartlagg.catalogue.exceptions import CatalogueImportError
    from kartlagg.catalogue.services import catalogue_import_validated, catalogue_validate_file

    try:
        validated = catalogue_validate_file(path=file)
        # Progress goes to stderr so that stdout carries only the one-line summary.
        with click.progressbar(
            length=len(validated.rows), label=f"importing {file.name}", file=sys.stderr
        ) as bar:
            result = catalogue_import_validated(validated=validated, progress=bar.update)
    except CatalogueImportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{file}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged")


@command.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def catalogue_export(file: Path) -> None:
    """Export the catalogue; the format follows the suffix (.csv, .json, .xlsx, .yaml)."""
    setup_django()
    from kartlagg.catalogue.exceptions import CatalogueImportError
    from kartlagg.catalogue.services import catalogue_export_file

    try:
        count = catalogue_export_file(path=file)
    except CatalogueImportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {count} offerings to {file}")


@command.command("seed")
def catalogue_seed() -> None:
    """Load the offerings and initiatives named in the 2022 report."""
    setup_django()
    from kartlagg.catalogue.exceptions import CatalogueImportError
    from kartlagg.catalogue.services import catalogue_load_seed

    try:
        result = catalogue_load_seed()
    except CatalogueImportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"seed catalogue: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
    )
