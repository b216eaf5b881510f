from __future__ import annotations

import click

from kartlagg.cli.bootstrap import DEMO_DOMAIN, resolve, steps_for
from kartlagg.cli.django_setup import setup_django


@click.command("manage", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def manage(ctx: click.Context) -> None:
    """Run a Django management command, e.g. `kartlagg manage createsuperuser`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kartlagg manage", *ctx.args])


@click.command("migrate")
def migrate() -> None:
    """Create or update the database tables."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    click.echo("database up to date")


@click.command("setup")
def setup() -> None:
    """Migrate and load the bundled data (domain pack, catalogue and every domain's demo data)."""
    _setup()


def _setup() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    click.echo("database up to date")
    from django.conf import settings

    steps = steps_for(settings.KARTLAGG_DOMAIN)
    for name, path in steps:
        click.echo(f"{name}: {resolve(path)()}")
    if settings.KARTLAGG_DOMAIN != DEMO_DOMAIN:
        click.echo(f"bundled catalogue and demo data are for the {DEMO_DOMAIN} domain: skipped")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web app (development server, for one machine)."""
    setup_django()
    _serve(host, port)


def _serve(host: str, port: int) -> None:
    from django.core.management import call_command

    click.echo(f"kartlagg is running on http://{host}:{port}/ (Ctrl+C stops it)")
    # Static files come from the app folders through the development server's --insecure mode:
    # right for the single local user this command is for; a deployment puts a web server in front.
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)


@click.command("up")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Set everything up and exit without serving.")
def up(host: str, port: int, no_serve: bool) -> None:
    """Everything a newcomer needs: migrate, load the bundled data, serve on http://HOST:PORT."""
    _setup()
    if no_serve:
        return
    _serve(host, port)


COMMANDS = [manage, migrate, setup, serve, up]
