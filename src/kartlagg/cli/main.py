"""The `kartlagg` command. Each domain adds its own group in a module of this package."""

from __future__ import annotations

import importlib

import click

from kartlagg import __version__

# Modules that define a click command or group called `command`; one line per domain.
COMMAND_MODULES = [
    "kartlagg.cli.server",
    "kartlagg.cli.domain",
    "kartlagg.cli.catalogue",
    "kartlagg.cli.coordination",
    "kartlagg.cli.surveys",
    "kartlagg.cli.surveys_interop",  # adds export/import-responses to the `surveys` group
    "kartlagg.cli.report",
    "kartlagg.cli.ads",
    "kartlagg.cli.distributed",  # adds ingest-dask and stream to the `ads` group
    "kartlagg.alerts.cli",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kartlagg")
def cli() -> None:
    """kartlagg: ATMP competence needs and education supply, mapped every year."""


for _module in COMMAND_MODULES:
    _mod = importlib.import_module(_module)
    for _command in getattr(_mod, "COMMANDS", [getattr(_mod, "command", None)]):
        if _command is not None:
            cli.add_command(_command)
