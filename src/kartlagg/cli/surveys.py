"""`kartlagg surveys ...`: instruments, rounds, reminders and roles from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django

BASE_URL = click.option(
    "--base-url", default="http://127.0.0.1:8000", show_default=True, help="Where respondents reach the site."
)


@click.group("surveys")
def command() -> None:
    """Demand surveys: questionnaires, rounds, reminders."""


@command.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path) -> None:
    """Check an instrument file (YAML/JSON) without storing it."""
    from kartlagg.surveys.instrument import InstrumentError, instrument_hash, load_instrument_file

    try:
        instrument = load_instrument_file(file)
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{file}: {instrument.id} {instrument.version}, {len(instrument.questions)} questions, "
        f"hash {instrument_hash(instrument)[:12]}"
    )


@command.command("install")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
def install(file: Path | None) -> None:
    """Store an instrument version (the shipped ATMP instrument when no file is given)."""
    setup_django()
    from kartlagg.surveys.instrument import InstrumentError, load_instrument_file
    from kartlagg.surveys.services import instrument_install, instrument_install_shipped

    try:
        row = (
            instrument_install(instrument=load_instrument_file(file))
            if file
            else instrument_install_shipped()
        )
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"instrument {row.instrument_id} {row.version} stored (id {row.pk})")


@command.command("status")
@click.argument("round_id", type=int)
def status(round_id: int) -> None:
    """Response status per invited organisation and the response rate."""
    setup_django()
    from kartlagg.surveys.models import Round
    from kartlagg.surveys.selectors import response_rate, round_status

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise click.ClickException(f"no survey round with id {round_id}")
    for row in round_status(round=round_):
        click.echo(f"{row.progress:12} {row.sector:15} {row.organisation_name}")
    total = response_rate(round=round_)[-1]
    click.echo(f"{total.submitted} of {total.invited} submitted, {total.drafts} drafts")


@command.command("remind")
@click.argument("round_id", type=int)
@BASE_URL
def remind(round_id: int, base_url: str) -> None:
    """E-mail a fresh link to every contact of organisations that have not submitted."""
    setup_django()
    from kartlagg.surveys.models import Round
    from kartlagg.surveys.services import RoundStateError, round_send_reminders

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise click.ClickException(f"no survey round with id {round_id}")
    try:
        result = round_send_reminders(round=round_, base_url=base_url)
    except RoundStateError as exc:
        raise click.ClickException(" ".join(exc.messages)) from exc
    click.echo(f"reminded {len(result.organisations)} organisations ({result.emails_sent} e-mails)")


@command.command("grant")
@click.argument("username")
@click.argument("role", type=click.Choice(["coordinator", "respondent", "viewer"]))
@click.option("--organisation", "org_slug", help="Organisation slug (respondents only).")
def grant(username: str, role: str, org_slug: str | None) -> None:
    """Give a user a survey role (respondents belong to one organisation)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from kartlagg.organisations.models import Organisation
    from kartlagg.surveys.models import SurveyMembership

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(
            f"no user {username!r} (create one with `kartlagg manage createsuperuser`)"
        )
    organisation = None
    if role == "respondent":
        if not org_slug:
            raise click.ClickException("a respondent needs --organisation SLUG")
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            raise click.ClickException(f"no organisation with slug {org_slug!r}")
    SurveyMembership.objects.get_or_create(user=user, role=role, organisation=organisation)
    click.echo(f"{username} is {role}" + (f" for {organisation}" if organisation else ""))


@command.command("demo")
def demo() -> None:
    """Create the illustrative 2022 round and interviews (idempotent)."""
    setup_django()
    from kartlagg.interviews.demo import load_demo as interviews_demo
    from kartlagg.surveys.demo import load_demo

    click.echo(load_demo())
    click.echo(interviews_demo())
