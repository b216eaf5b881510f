"""`kartlagg coordination ...`: suggestions, roles, API tokens and the illustrative demo."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django


@click.group("coordination")
def command() -> None:
    """The coordination workbench: offers, needs, matches, initiatives."""


@command.command("suggest")
@click.option("--min-score", type=click.IntRange(0, 100), default=0, show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
def suggest(min_score: int, limit: int, lang: str) -> None:
    """List suggested offer ↔ need matches, best first, each with its reasons."""
    setup_django()
    from django.utils import translation

    from kartlagg.coordination.selectors import suggestion_list

    with translation.override(lang):
        rows = suggestion_list(min_score=min_score, limit=limit)
        for row in rows:
            offer, need = row.offer, row.need
            click.echo(
                f"{row.score:3d}  offer {offer.pk} {offer.display_title} ({offer.organisation.name})"
                f"  ↔  need {need.pk} {need.display_title} ({need.organisation.name})"
            )
            for text in row.reason_texts:
                click.echo(f"       - {text}")
    if not rows:
        click.echo("no suggestions")


@command.command("grant")
@click.argument("username")
@click.option("--coordinator", is_flag=True, help="Add the user to the 'coordinators' group.")
@click.option(
    "--member", "member_of", metavar="ORG_SLUG", multiple=True, help="Make the user a member of ORG."
)
def grant(username: str, coordinator: bool, member_of: tuple[str, ...]) -> None:
    """Give an existing user the coordinator role and/or membership of organisations."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from kartlagg.coordination.policy import COORDINATORS_GROUP
    from kartlagg.coordination.services import membership_add
    from kartlagg.organisations.models import Organisation

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(
            f"no user {username!r} (create one with `kartlagg manage createsuperuser` or the admin)"
        )
    if coordinator:
        group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
        user.groups.add(group)
        click.echo(f"{username}: coordinator")
    for slug in member_of:
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            raise click.ClickException(f"--member: no organisation with slug {slug!r}")
        membership_add(user=user, organisation=org)
        click.echo(f"{username}: member of {org.name}")


@command.command("api-token")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
def api_token(username: str, name: str) -> None:
    """Create an API token for USERNAME and print it (shown once; only its hash is stored)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from kartlagg.api.services import api_token_create

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    _token, raw = api_token_create(user=user, name=name)
    click.echo(raw)


@command.command("capture")
@click.argument("organisation")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default="survey", show_default=True, help="Survey round, e.g. survey-2026.")
def capture(organisation: str, file: Path, source: str) -> None:
    """Turn willingness answers into offers: FILE is a JSON list of
    {type, capacity_per_year, areas, level, comment}."""
    setup_django()
    from kartlagg.coordination.exceptions import CoordinationError
    from kartlagg.coordination.services import offers_from_survey_willingness
    from kartlagg.organisations.models import Organisation

    org = Organisation.objects.filter(slug=organisation).first()
    if org is None:
        raise click.ClickException(f"no organisation with slug {organisation!r}")
    try:
        items = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{file}: line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(items, list):
        raise click.ClickException(f"{file}: expected a JSON list")
    try:
        offers = offers_from_survey_willingness(organisation=org, willingness=items, source=source)
    except CoordinationError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    click.echo(f"{org.name}: {len(offers)} offers from {file.name} (source {source})")


@command.command("demo")
def demo() -> None:
    """Load the ILLUSTRATIVE coordination demo (invented organisations, offers and needs)."""
    setup_django()
    from kartlagg.coordination.demo import load_demo

    click.echo(load_demo())
