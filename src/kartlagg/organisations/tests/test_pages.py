"""Organisation lists and pages on the seeded catalogue, in Swedish and English."""

from __future__ import annotations

import pytest

from kartlagg.organisations.selectors import organisation_countries, organisation_list

pytestmark = pytest.mark.django_db


def test_list_filters_by_kind_and_country(seeded):
    assert organisation_countries() == ["SE", "CA", "GB", "US"]
    gb_networks = {o.name for o in organisation_list(kind="network", country="GB")}
    assert gb_networks == {
        "Advanced Therapies Apprenticeship Community (ATAC)",
        "Advanced Therapies Skills Training Network (ATSTN)",
        "Advanced Therapy Treatment Centres (ATTC)",
    }
    counts = {o.name: o.offering_count for o in organisation_list()}  # type: ignore[attr-defined]
    assert counts["Svenska lärosäten"] == 8
    assert counts["Vävnadsrådet"] == 2


def test_list_and_detail_pages_in_swedish_and_english(client, seeded):
    sv = client.get("/organisations/", {"country": "CA"}).content.decode()
    assert "<h1>Organisationer</h1>" in sv
    assert "1 organisation<" in sv
    assert "Canadian Advanced Therapy Training Institute (CATTI)" in sv
    assert "Kanada" in sv
    assert "Utbildningsföretag" in sv

    en = client.get("/en/organisations/vavnadsradet/").content.decode()
    assert "<h1>Vävnadsrådet</h1>" in en
    assert "<dd>Network or association</dd>" in en
    assert "<dd>Sweden</dd>" in en
    assert "VoG Cell – courses on cell therapy operations" in en

    assert client.get("/organisations/no-such-org/").status_code == 404


def test_coordinators_manage_organisations_in_the_admin_in_swedish(client, seeded):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("coord", "c@example.org", "pw-for-tests"))
    index = client.get("/admin/").content.decode()
    assert "Utbildningskatalog" in index
    assert "Organisationer" in index

    listing = client.get("/admin/organisations/organisation/", {"q": "Vävnadsrådet"}).content.decode()
    assert "Vävnadsrådet" in listing
    add = client.get("/admin/organisations/organisation/add/").content.decode()
    assert "contacts-TOTAL_FORMS" in add  # the contacts inline
    assert "Organisationsnummer" in add

    response = client.post(
        "/admin/organisations/organisation/add/",
        {
            "slug": "region-uppsala",
            "name": "Region Uppsala",
            "kind": "hospital_region",
            "country": "SE",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
            "contacts-0-name": "Anna Andersson",
            "contacts-0-email": "anna@example.org",
            "contacts-0-preferred_language": "sv",
        },
    )
    assert response.status_code == 302
    assert organisation_list(kind="hospital_region").get().contacts.get().name == "Anna Andersson"
