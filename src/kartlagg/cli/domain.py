"""`kartlagg domain ...`: check, load and list competence taxonomies (domain packs)."""

from __future__ import annotations

from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django
from kartlagg.domainpack import (
    DomainPack,
    DomainPackError,
    available_domains,
    load_domain_pack,
    load_domain_pack_from,
)


@click.group("domain")
def command() -> None:
    """Competence taxonomies (domain packs)."""


def _load(pack_ref: str) -> DomainPack:
    """A shipped pack by id (`atmp`) or a pack folder by path; a refused pack exits with every problem."""
    path = Path(pack_ref)
    try:
        if path.is_dir():
            return load_domain_pack_from(path)
        return load_domain_pack(pack_ref)
    except DomainPackError as exc:
        raise click.ClickException(str(exc)) from exc


@command.command("list")
def domain_list() -> None:
    """List the domain packs shipped with kartlagg, and whether each is valid."""
    for domain_id in available_domains():
        try:
            pack = load_domain_pack(domain_id)
        except DomainPackError as exc:
            problems = len(exc.problems)
            click.echo(f"{domain_id}\tINVALID\t{problems} problem(s); run: kartlagg domain check {domain_id}")
            continue
        click.echo(f"{domain_id}\t{pack.version}\t{len(pack.areas)} areas\t{pack.name['en']}")


@command.command("check")
@click.argument("pack_ref", default="atmp")
def domain_check(pack_ref: str) -> None:
    """Validate a domain pack (an id such as `atmp`, or a folder) without loading it."""
    pack = _load(pack_ref)
    terms = sum(len(a.terms) for a in pack.areas)
    links = sum(len(a.links) for a in pack.areas)
    click.echo(
        f"ok: {pack.id} {pack.version}: {len(pack.areas)} areas, {terms} terms in "
        f"{len(pack.languages)} languages, {links} links (content {pack.content_hash[:12]})"
    )


@command.command("load")
@click.argument("pack_ref", default="atmp")
def domain_load(pack_ref: str) -> None:
    """Validate and load a domain pack into the database (keeps every earlier version)."""
    pack = _load(pack_ref)
    setup_django()
    from kartlagg.taxonomy.models import DomainVersion
    from kartlagg.taxonomy.services import domain_pack_install

    same_label = (
        DomainVersion.objects.filter(domain__slug=pack.id, version=pack.version)
        .exclude(content_hash=pack.content_hash)
        .exists()
    )
    result = domain_pack_install(pack=pack)
    if result.unchanged_pack:
        click.echo(f"{pack.id} {pack.version} already current ({pack.content_hash[:12]}); nothing changed")
        return
    click.echo(
        f"loaded {pack.id} {pack.version} ({pack.content_hash[:12]}): {result.created} new, "
        f"{result.updated} changed, {result.unchanged} unchanged, {result.retired} retired areas"
        + (f", {result.reactivated} brought back" if result.reactivated else "")
    )
    if same_label:
        click.echo(
            f"note: version {pack.version!r} was loaded before with other content; "
            "bump `version` in domain.yaml so reports can tell the two apart",
            err=True,
        )


@command.command("versions")
@click.argument("domain_id", default="atmp")
def domain_versions_command(domain_id: str) -> None:
    """List every installed version of a domain, newest first (* = current)."""
    setup_django()
    from kartlagg.taxonomy.selectors import domain_versions

    versions = list(domain_versions(domain=domain_id))
    if not versions:
        raise click.ClickException(
            f"domain {domain_id!r} has never been loaded; run: kartlagg domain load {domain_id}"
        )
    for version in versions:
        mark = "*" if version.is_current else " "
        click.echo(
            f"{mark} {version.version}\t{version.content_hash[:12]}\t{version.loaded_at:%Y-%m-%d %H:%M}"
        )
