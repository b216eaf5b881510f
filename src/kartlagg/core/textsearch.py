"""Case-insensitive text lookups that fold å, ä, ö, é, ü … on SQLite as they already do on PostgreSQL.

SQLite's LIKE (which Django uses for icontains, iexact, istartswith and iendswith) ignores case for
ASCII letters only, so a search for "Läkemedel" missed "läkemedel" and "LÄKEMEDEL". PostgreSQL's
UPPER(...) LIKE UPPER(...) folds every letter under a UTF-8 LC_CTYPE (checked by core.checks).

Why a database function and not a normalised search column: the searches span related rows (the
catalogue matches provider names and competence-area labels, the coordination lists match the
organisation's region, the admin searches user names), so a column per model would have to be rewritten
whenever any of those rows changed, by every service that writes them, and a missed path would make a
search silently wrong. A deterministic SQLite function costs one Python call per compared row, which is
nothing at this project's sizes (hundreds of offerings; LIKE '%…%' never used an index anyway), needs no
migration and keeps the ordinary `__icontains` spelling working everywhere, admin search included.

Only case is folded: å, ä and ö are letters of their own in Swedish ("för" is not "for"), and PostgreSQL
does not strip accents either, so both databases give the same answers.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField
from django.db.models.lookups import IContains, IEndsWith, IExact, IStartsWith

FOLD = "kartlagg_fold"


def fold(value: Any) -> str | None:
    """The caseless form of a value (None stays None so that NULL never matches)."""
    return None if value is None else str(value).casefold()


class _FoldedOnSqlite:
    """Compare fold(column) LIKE fold(pattern) on SQLite; other databases keep Django's own SQL."""

    def as_sqlite(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lookup: Any = self
        # A column or expression on the right (F("other")) keeps Django's form: it is never user input.
        if not lookup.rhs_is_direct_value() or lookup.bilateral_transforms:
            return lookup.as_sql(compiler, connection)
        lhs_sql, lhs_params = lookup.process_lhs(compiler, connection)
        rhs_sql, rhs_params = lookup.process_rhs(compiler, connection)  # escaped, with its % wildcards
        return (
            f"{FOLD}({lhs_sql}) LIKE {FOLD}({rhs_sql}) ESCAPE '\\'",
            [*lhs_params, *rhs_params],
        )


class FoldedIExact(_FoldedOnSqlite, IExact):
    pass


class FoldedIContains(_FoldedOnSqlite, IContains):
    pass


class FoldedIStartsWith(_FoldedOnSqlite, IStartsWith):
    pass


class FoldedIEndsWith(_FoldedOnSqlite, IEndsWith):
    pass


LOOKUPS = (FoldedIExact, FoldedIContains, FoldedIStartsWith, FoldedIEndsWith)


def _register_function(connection: BaseDatabaseWrapper, **_: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD, 1, fold, deterministic=True)


def install() -> None:
    """Replace the case-insensitive lookups of text fields and give every SQLite connection `fold`."""
    from django.db import connections

    for field in (CharField, TextField):
        for lookup in LOOKUPS:
            field.register_lookup(lookup)
    connection_created.connect(_register_function, dispatch_uid="kartlagg-textsearch-fold")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _register_function(connection)
