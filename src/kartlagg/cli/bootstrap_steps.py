"""Foundation steps for `kartlagg up`."""

from __future__ import annotations

from django.conf import settings


def load_domain() -> str:
    from kartlagg.taxonomy.services import domain_pack_install_by_id

    result = domain_pack_install_by_id(domain_id=settings.KARTLAGG_DOMAIN)
    version = result.version
    return f"{version.domain.slug} {version.version} ({'unchanged' if result.unchanged_pack else 'loaded'})"


def load_catalogue() -> str:
    from kartlagg.catalogue.services import catalogue_load_seed

    result = catalogue_load_seed()
    return f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged offerings"
