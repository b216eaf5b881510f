"""System checks: misconfiguration is reported with an id and a hint, not discovered in a request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.SECRET_KEY.startswith("kartlagg-insecure"):
        return [
            Warning(
                "The development SECRET_KEY is in use.",
                hint="Set KARTLAGG_SECRET_KEY to a long random value before exposing kartlagg to a network.",
                id="kartlagg.W001",
            )
        ]
    return []


@register()
def check_domain_pack(app_configs: Any, **kwargs: Any) -> list[Error]:
    from kartlagg.domainpack.loader import available_domains

    if settings.KARTLAGG_DOMAIN not in available_domains():
        return [
            Error(
                f"KARTLAGG_DOMAIN={settings.KARTLAGG_DOMAIN!r} names no domain pack.",
                hint=f"Use one of: {', '.join(sorted(available_domains()))}.",
                id="kartlagg.E001",
            )
        ]
    if settings.KARTLAGG_MIN_CELL_ORGS < 2:
        return [
            Error(
                "KARTLAGG_MIN_CELL_ORGS below 2 publishes single organisations' answers.",
                hint="Use 3 (the default) or more.",
                id="kartlagg.E002",
            )
        ]
    return []


@register(Tags.database)
def check_postgres_folds_letters(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[Warning]:
    """Case-insensitive search on PostgreSQL relies on UPPER() knowing å ä ö: under LC_CTYPE "C" it
    folds ASCII only (SQLite gets its own folding in core.textsearch). Run by `migrate` and
    `check --database default`."""
    from django.db import connections

    found: list[Warning] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT upper('åäöéü') = 'ÅÄÖÉÜ'")
            folds = bool(cursor.fetchone()[0])
        if not folds:
            found.append(
                Warning(
                    f"Database {alias!r} does not fold Swedish letters: searches for 'Läkemedel' "
                    "will miss 'LÄKEMEDEL'.",
                    hint="Create the database with a UTF-8 LC_CTYPE (e.g. C.UTF-8 or sv_SE.UTF-8), not 'C'.",
                    id="kartlagg.W002",
                )
            )
    return found
