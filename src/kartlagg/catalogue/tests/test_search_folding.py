"""The catalogue search ignores case for Swedish and other non-ASCII letters, on SQLite as on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kartlagg.catalogue.models import AtmpShare, Offering, OfferingKind
from kartlagg.catalogue.selectors import CatalogueFilters, offering_list
from kartlagg.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def offerings(db: Any) -> None:
    upper = Organisation.objects.create(
        slug="oresund", name="ÖRESUNDS UNIVERSITET", kind=OrganisationKind.UNIVERSITY
    )
    lower = Organisation.objects.create(slug="ume", name="Umeå universitet", kind=OrganisationKind.UNIVERSITY)
    Offering.objects.create(
        key="versaler",
        title_sv="LÄKEMEDELSTILLVERKNING FÖR ATMP",
        kind=OfferingKind.COURSE,
        provider=upper,
        country="SE",
        city="GÖTEBORG",
        atmp_share=AtmpShare.SOME,
    )
    Offering.objects.create(
        key="gemener",
        title_sv="grundkurs i läkemedel",
        description_en="Taught by Émile Müller in Zürich.",
        kind=OfferingKind.COURSE,
        provider=lower,
        country="SE",
        city="umeå",
        atmp_share=AtmpShare.SOME,
    )


def keys(q: str) -> set[str]:
    return {o.key for o in offering_list(filters=CatalogueFilters(q=q))}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Läkemedel", {"versaler", "gemener"}),
        ("LÄKEMEDEL", {"versaler", "gemener"}),
        ("läkemedel", {"versaler", "gemener"}),
        ("läkemedelstillverkning", {"versaler"}),
        ("öresunds", {"versaler"}),  # provider name
        ("Göteborg", {"versaler"}),  # city
        ("UMEÅ", {"gemener"}),  # provider name and city
        ("ÉMILE MÜLLER", {"gemener"}),  # every word, in the English description
        ("zÜRICH", {"gemener"}),
        ("for", set()),  # case is folded, letters are not: "för" is not "for"
        ("grundkurs läkemedel", {"gemener"}),
    ],
)
def test_search_folds_case_of_every_letter(offerings: None, q: str, expected: set[str]) -> None:
    assert keys(q) == expected


def test_the_page_and_the_api_fold_too(offerings: None, client: Client) -> None:
    html = client.get("/catalogue/", {"q": "LÄKEMEDEL"}).content.decode()
    assert "LÄKEMEDELSTILLVERKNING FÖR ATMP" in html and "grundkurs i läkemedel" in html
    found = client.get("/api/catalogue/offerings", {"q": "Läkemedelstillverkning"}).json()
    assert [item["key"] for item in found["items"]] == ["versaler"]
