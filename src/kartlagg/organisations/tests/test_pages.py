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
