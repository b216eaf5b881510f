"""Every case-insensitive text lookup folds non-ASCII letters on both databases."""

from __future__ import annotations

import pytest
from django.db.models import F

from kartlagg.core.textsearch import fold
from kartlagg.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> None:
    for slug, name, region in (
        ("a", "Ålands Läkemedel AB", "Östergötland"),
        ("b", "ÅLANDS LÄKEMEDEL AB", "ÖSTERGÖTLAND"),
        ("c", "Alands Lakemedel AB", "Ostergotland"),
        ("d", "Émile Müller GmbH", ""),
    ):
        Organisation.objects.create(slug=slug, name=name, region=region, kind=OrganisationKind.OTHER)


def slugs(**lookup: object) -> list[str]:
    return sorted(Organisation.objects.filter(**lookup).values_list("slug", flat=True))


def test_each_case_insensitive_lookup_folds_swedish_letters(organisations: None) -> None:
    assert slugs(name__icontains="läkemedel") == ["a", "b"]
    assert slugs(name__iexact="ålands läkemedel ab") == ["a", "b"]
    assert slugs(name__istartswith="ÅLANDS") == ["a", "b"]
    assert slugs(name__iendswith="LÄKEMEDEL AB") == ["a", "b"]
    assert slugs(region__iexact="östergötland") == ["a", "b"]
    assert slugs(name__icontains="MÜLLER") == ["d"]
    assert slugs(name__icontains="ÉMILE") == ["d"]


def test_wildcards_in_the_search_are_plain_characters(organisations: None) -> None:
    assert slugs(name__icontains="%") == []
    assert slugs(name__icontains="_lands") == []
    assert slugs(name__istartswith="ålands_") == []


def test_the_case_sensitive_lookups_and_column_comparisons_keep_their_meaning(organisations: None) -> None:
    assert slugs(name__contains="Läkemedel") == ["a"]
    assert slugs(name__exact="ÅLANDS LÄKEMEDEL AB") == ["b"]
    # Against another column Django's own SQL stands: slugs "a" and "b" occur in their names, "c", "d" not.
    assert slugs(name__icontains=F("slug")) == ["a", "b"]


def test_fold_is_caseless_and_keeps_null() -> None:
    assert fold("ÅÄÖÉÜ Straße") == "åäöéü strasse"
    assert fold(None) is None


def test_the_database_check_finds_the_test_database_folding() -> None:
    from kartlagg.core.checks import check_postgres_folds_letters

    # On PostgreSQL this asks the server itself; SQLite folds through core.textsearch and is not asked.
    assert check_postgres_folds_letters(None, databases=["default"]) == []
