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


def _published_round_with_two_answers():
    """Two organisations answered: fewer than KARTLAGG_MIN_CELL_ORGS (3), so the total is suppressed."""
    import datetime as dt

    from django.utils import timezone

    from kartlagg.organisations.models import Organisation, OrganisationKind
    from kartlagg.surveys import services
    from kartlagg.surveys.models import SurveyResponse
    from kartlagg.surveys.policy import Actor

    version = services.instrument_install_shipped()
    rnd = services.round_create(
        title="Kompetensbehov 2026", instrument=version, closes_at=timezone.now() + dt.timedelta(days=30)
    )
    services.round_open(round=rnd)
    orgs = [
        Organisation.objects.create(
            slug=f"bolag-{c}", name=f"Bolag {c} AB", kind=OrganisationKind.COMPANY_SME
        )
        for c in "ab"
    ]
    services.round_invite(round=rnd, organisations=orgs, base_url="http://testserver")
    coordinator = Actor(label="test", via="login", is_coordinator=True)
    for org, hires in zip(orgs, ("10", "20–30"), strict=True):
        answers = {
            "org_type": "company_sme",
            "org_size": "small",
            "recruitment_by_area": {"gmp-production": {"hires": hires}},
            "willing": "no",
        }
        response = SurveyResponse.objects.get(round=rnd, organisation=org)
        result = services.response_submit(response=response, actor=coordinator, raw_answers=answers)
        assert not getattr(result, "errors", None), result
    services.round_close(round=rnd)
    services.round_publish(round=rnd)
    return rnd


def test_survey_total_is_hidden_from_the_public_and_shown_to_coordinators(client, atmp_domain):
    from kartlagg.dashboard.selectors import survey_figures

    _published_round_with_two_answers()
    public = survey_figures(user=None)
    assert public is not None
    assert (public.total_display, public.total_suppressed, public.responding, public.invited) == (
        "·",
        True,
        2,
        2,
    )
    html = client.get("/").content.decode()
    assert "förväntad rekrytering under fem år: dold, för få organisationer svarade" in html
    assert "30–40" not in html
    from kartlagg.surveys.models import SurveyMembership, SurveyRole

    cast = make_cast()  # a coordination coordinator is not a survey coordinator: still hidden
    assert getattr(survey_figures(user=cast.coordinator), "total_display", None) == "·"
    SurveyMembership.objects.create(user=cast.coordinator, role=SurveyRole.COORDINATOR)
    assert getattr(survey_figures(user=cast.coordinator), "total_display", None) == "30–40"


def test_public_widgets_are_cached_per_language_when_the_setting_asks(settings):
    from django.core.cache import cache
    from django.utils import translation

    from kartlagg.dashboard.selectors import cached

    cache.clear()
    calls: list[str] = []

    def compute() -> str:
        calls.append(translation.get_language())
        return f"value-{len(calls)}"

    settings.KARTLAGG_DASHBOARD_CACHE_SECONDS = 0
    assert [cached("x", compute), cached("x", compute)] == ["value-1", "value-2"]
    settings.KARTLAGG_DASHBOARD_CACHE_SECONDS = 60
    assert [cached("x", compute), cached("x", compute)] == ["value-3", "value-3"]
    with translation.override("en"):
        assert cached("x", compute) == "value-4"
    assert cached("y", compute, keep=lambda v: False) == "value-5"
    assert cached("y", compute, keep=lambda v: False) == "value-6"
    cache.clear()
