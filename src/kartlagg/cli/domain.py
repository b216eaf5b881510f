from __future__ import annotations

from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django
from kartlagg.domainpack import DomainPackError, available_domains, load_domain_pack, load_domain_pack_from


@click.group("domain")
def command() -> None:
    """Competence taxonomies (domain packs)."""


def _load(pack_ref: str):  # type: ignore[no-untyped-def]
    path = Path(pack_ref)
    if path.is_dir():
        return load_domain_pack_from(path)
    return load_domain_pack(pack_ref)


@command.command("list")
def domain_list() -> None:
    """List the domain packs shipped with kartlagg."""
    for domain_id in available_domains():
        pack = load_domain_pack(domain_id)
        click.echo(f"{domain_id}\t{pack.version}\t{len(pack.areas)} areas\t{pack.name['en']}")


@command.command("check")
@click.argument("pack_ref", default="atmp")
def domain_check(pack_ref: str) -> None:
    """Validate a domain pack (an id such as `atmp`, or a folder) without loading it."""
    try:
        pack = _load(pack_ref)
    except DomainPackError as exc:
        raise click.ClickException(str(exc)) from exc
    terms = sum(len(a.terms) for a in pack.areas)
    links = sum(len(a.links) for a in pack.areas)
    click.echo(f"ok: {pack.id} {pack.version}: {len(pack.areas)} areas, {terms} terms, {links} links")


@command.command("load")
@click.argument("pack_ref", default="atmp")
def domain_load(pack_ref: str) -> None:
    """Validate and load a domain pack into the database (keeps every earlier version)."""
    setup_django()
    from kartlagg.taxonomy.services import domain_pack_install

    try:
        pack = _load(pack_ref)
    except DomainPackError as exc:
        raise click.ClickException(str(exc)) from exc
    result = domain_pack_install(pack=pack)
    if result.unchanged_pack:
        click.echo(f"{pack.id} {pack.version} already current ({pack.content_hash[:12]}); nothing changed")
    else:
        click.echo(
            f"loaded {pack.id} {pack.version} ({pack.content_hash[:12]}): {result.created} new, "
            f"{result.updated} updated, {result.retired} retired areas"
        )
