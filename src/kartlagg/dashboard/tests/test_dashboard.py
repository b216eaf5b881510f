"""The home page a coordinator opens on Monday: every widget, on a fresh install and with data."""

from __future__ import annotations

import pytest
from django.test import Client

from kartlagg.coordination.models import Need, Offer
from kartlagg.coordination.tests.factories import make_cast
from kartlagg.dashboard.selectors import region_map

pytestmark = pytest.mark.django_db


def test_fresh_install_every_widget_says_what_is_missing(client):
    html = client.get("/").content.decode()
    assert "Inga enkätomgångar har publicerats ännu" in html
    assert "Inga gap ännu" in html
    assert "Inga platsannonser har samlats in ännu." in html
    assert "Ingen enkätomgång är öppen just nu." in html
    assert "Inga utbildningar, erbjudanden, behov eller platsannonser med en svensk region ännu." in html
    en = client.get("/en/").content.decode()
    assert "No survey round has been published yet, so there are no survey figures." in en
    assert "No survey round is open right now." in en


def test_background_work_links_only_for_coordinators(client, atmp_domain):
    cast = make_cast()
    assert "/jobs/" not in client.get("/").content.decode()
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    html = coordinator.get("/").content.decode()
    assert 'href="/jobs/"' in html and 'href="/jobs/catalogue/import/"' in html


def test_region_map_places_offers_and_needs_in_their_counties(atmp_domain, seeded_catalogue):
    cast = make_cast()  # company in Västernorrland, university in Västerbotten
    for i in range(3):
        Offer.objects.create(organisation=cast.company, type="thesis_project", title=f"Thesis {i}")
    Need.objects.create(organisation=cast.university, type="teaching", title="GMP teaching")
    Need.objects.create(organisation=cast.university, type="teaching", title="Closed", status="closed")
    rows = {r.county.code: r for r in region_map(user=None).rows}
    assert (rows["Y"].offers, rows["Y"].needs) == (3, 0)
    assert (rows["AC"].offers, rows["AC"].needs) == (0, 1)
    assert sum(r.offerings for r in rows.values()) + region_map(user=None).unplaced["offerings"] == 15


def test_dashboard_shows_coordination_figures_and_the_map(client, atmp_domain):
    cast = make_cast()
    Offer.objects.create(organisation=cast.company, type="thesis_project", title="Thesis")
    Need.objects.create(organisation=cast.university, type="teaching", title="GMP teaching")
    html = client.get("/").content.decode()
    assert "öppna erbjudanden utan matchning" in html
    assert "<title>Västernorrland: utbud 1, efterfrågan 0</title>" in html
    assert "<title>Västerbotten: utbud 0, efterfrågan 1</title>" in html
    assert '<th scope="row">Västerbotten <span class="muted">(AC)</span></th>' in html
