"""`kartlagg surveys export` and `kartlagg surveys import-responses`: LimeSurvey, REDCap, XLSForm.

Listed in cli/main.py COMMAND_MODULES after kartlagg.cli.surveys; importing this module adds its two
commands to that `surveys` group (one group, no second `surveys` at the top level).
"""

from __future__ import annotations

from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django
from kartlagg.cli.surveys import command as surveys_group

COMMANDS: list[click.Command] = []  # nothing at the top level: the commands live under `surveys`


@surveys_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["lss", "redcap", "xlsform"]),
    required=True,
    help="lss = LimeSurvey structure, redcap = REDCap data dictionary (CSV), xlsform = XLSForm (.xlsx).",
)
@click.argument("instrument")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def export(fmt: str, instrument: str, output: Path) -> None:
    """Write INSTRUMENT (a shipped id such as atmp-demand-2026, or a YAML/JSON file) to OUTPUT."""
    from kartlagg.surveys.instrument import InstrumentError, load_instrument_file, load_shipped_instrument
    from kartlagg.surveys.interop.export import instrument_export

    try:
        path = Path(instrument)
        loaded = load_instrument_file(path) if path.is_file() else load_shipped_instrument(instrument)
        data = instrument_export(instrument=loaded, format=fmt)  # type: ignore[arg-type]
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc
    output.write_bytes(data)
    click.echo(f"wrote {loaded.id} {loaded.version} ({len(loaded.questions)} questions) as {fmt} to {output}")


@surveys_group.command("import-responses")
@click.option(
    "--round", "round_id", type=int, required=True, help="The survey round to store the answers in."
)
@click.option(
    "--source",
    type=click.Choice(["limesurvey", "redcap"]),
    default=None,
    help="Where FILE comes from (guessed from its name and header when left out).",
)
@click.option(
    "--structure",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="LimeSurvey: the survey's .lss (needed for a .lsr); REDCap: the project's data dictionary.",
)
@click.option(
    "--id-column",
    default="",
    help="Column naming the organisation (slug or organisation number). "
    "Default: LimeSurvey token; REDCap survey identifier, else record id.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_responses(
    round_id: int, source: str | None, structure: Path | None, id_column: str, file: Path
) -> None:
    """Import a LimeSurvey (.lsa, .lsr, CSV) or REDCap (CSV) response export into a round.

    All or nothing: a bad value, an unknown column or an unknown organisation refuses the whole file,
    naming the row and the field; nothing is stored.
    """
    setup_django()
    from kartlagg.surveys.interop.exceptions import InteropError
    from kartlagg.surveys.interop.services import responses_import_file
    from kartlagg.surveys.models import Round

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise click.ClickException(f"no survey round {round_id}")
    try:
        result = responses_import_file(
            round=round_,
            path=file,
            source=source,  # type: ignore[arg-type]
            structure_path=structure,
            id_column=id_column,
        )
    except InteropError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{file.name} -> round {round_id}: {result.summary()}")
