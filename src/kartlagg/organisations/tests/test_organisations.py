"""Organisations: one row per actor, found again by name, listed and shown in both languages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kartlagg.organisations.models import Organisation, OrganisationKind, Sector
from kartlagg.organisations.services import organisation_get_or_create, organisation_slug

pytestmark = pytest.mark.django_db


def test_slug_keeps_swedish_letters_readable():
    assert organisation_slug("Vävnadsrådet") == "vavnadsradet"
    assert organisation_slug("Läkemedelsakademien") == "lakemedelsakademien"
    assert organisation_slug("Region Östergötland") == "region-ostergotland"


def test_get_or_create_finds_the_same_organisation_and_fills_only_unknown_facts():
    first = organisation_get_or_create(name="Vävnadsrådet", kind=OrganisationKind.OTHER)
    again = organisation_get_or_create(
        name="Vävnadsrådet", kind=OrganisationKind.NETWORK, city="Stockholm", website="https://example.org"
    )
    assert again.pk == first.pk
    assert (again.kind, again.city, again.website) == ("network", "Stockholm", "https://example.org")

    organisation_get_or_create(name="Vävnadsrådet", kind=OrganisationKind.AUTHORITY, city="Lund")
    stored = Organisation.objects.get()
    assert (stored.kind, stored.city) == ("network", "Stockholm")  # an editor's facts are kept


def test_an_invalid_organisation_is_refused():
    with pytest.raises(ValidationError) as info:
        organisation_get_or_create(name="Somewhere", country="Sweden")
    assert "country" in info.value.message_dict
    assert Organisation.objects.count() == 0


def test_sector_follows_kind():
    assert Organisation(kind=OrganisationKind.HOSPITAL_REGION).sector == Sector.HEALTHCARE
    assert Organisation(kind=OrganisationKind.CDMO).sector == Sector.INDUSTRY
    assert Organisation(kind=OrganisationKind.UNIVERSITY).sector == Sector.ACADEMIA
