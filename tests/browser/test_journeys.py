"""The main journeys, as a person does them in a real browser (headless Chromium)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kartlagg.catalogue.services import catalogue_load_seed
from kartlagg.coordination.models import Match, Need, Offer
from kartlagg.coordination.tests.factories import make_cast
from kartlagg.surveys.models import Invitation, ResponseStatus, SurveyResponse
from kartlagg.surveys.services import instrument_install_shipped, link_issue, round_create, round_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def domain(transactional_db):
    """The ATMP pack, plus the coordinators group a migration makes (a live-server test flushes the
    database after each test, migration data included)."""
    from django.contrib.auth.models import Group

    from kartlagg.coordination.policy import COORDINATORS_GROUP
    from kartlagg.taxonomy.services import domain_pack_install_by_id

    Group.objects.get_or_create(name=COORDINATORS_GROUP)
    domain_pack_install_by_id(domain_id="atmp")


def test_a_respondent_answers_through_the_invite_link_autosaves_resumes_and_submits(browser, domain):
    from kartlagg.organisations.models import OrganisationKind
    from kartlagg.organisations.services import organisation_get_or_create

    org = organisation_get_or_create(name="Alfa Cell AB", kind=OrganisationKind.COMPANY_SME)
    rnd = round_create(
        title="ATMP 2026",
        instrument=instrument_install_shipped(),
        closes_at=timezone.now() + dt.timedelta(days=14),
    )
    round_open(round=rnd)
    invitation = Invitation.objects.create(round=rnd, organisation=org)
    SurveyResponse.objects.create(round=rnd, organisation=org)
    link = link_issue(invitation=invitation, contact=None, base_url=browser.base_url).url

    page = browser.page()
    page.goto(link)
    assert "/surveys/" in page.url and "/o/alfa-cell-ab/" in page.url
    page.check("input[name=q__org_type][value=company_sme]")
    page.check("input[name=q__org_size][value=small]")
    page.fill("input[name='q__recruitment_by_area__gmp-production__hires']", "5–10")
    # This question's autosave is held on its way: while it is, the status says "Sparar…", never "Sparat"
    # (the saves of the two questions above go through; the test database takes one write at a time).
    held: list = []

    def hold(route):
        if "recruitment_by_area" in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    page.route("**/autosave/", hold)
    page.press("input[name='q__recruitment_by_area__gmp-production__hires']", "Tab")
    page.wait_for_function("document.getElementById('autosave-status').textContent === 'Sparar…'")
    for _ in range(200):  # the hires' save goes out after its 400 ms pause, and is held
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    assert page.text_content("#autosave-status") == "Sparar…"
    with page.expect_response(
        lambda r: r.url.endswith("/autosave/") and "recruitment_by_area" in (r.request.post_data or "")
    ) as saved:
        for route in held:
            route.continue_()
    assert saved.value.ok
    page.unroute("**/autosave/")
    page.wait_for_function("document.getElementById('autosave-status').textContent.includes('Sparat')")

    # The next day, in another browser: the same link finds the draft.
    later = browser.page()
    later.goto(link)
    field = later.locator("input[name='q__recruitment_by_area__gmp-production__hires']")
    assert field.input_value() == "5–10"
    assert later.locator("input[name=q__org_type][value=company_sme]").is_checked()
    later.check("input[name=q__willing][value=yes]")
    later.click("button[name=action][value=submit]")
    later.wait_for_load_state()
    response = SurveyResponse.objects.get(round=rnd, organisation=org)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.answers["recruitment_by_area"]["gmp-production"]["hires"] == {"min": 5, "max": 10}


def _gmp_story(browser):
    """The done-when story up to the suggestion: three theses offered, GMP teaching needed."""
    cast = make_cast()
    company = browser.page(cast.company_rep)
    for title, area in [
        ("Examensarbete: media fill", "gmp-production"),
        ("Examensarbete: renrumsövervakning", "gmp-production"),
        ("Examensarbete: virusvektorrening", "viral-vector-production"),
    ]:
        company.goto("/coordination/offers/new/")
        company.select_option("select[name=organisation]", str(cast.company.pk))
        company.select_option("select[name=type]", "thesis_project")
        company.fill("input[name=title]", title)
        company.check(f"input[name=areas][value={area}]")
        company.select_option("select[name=level]", "second_cycle")
        company.check("input[name=remote_possible]")
        company.click("form.stacked button[type=submit]")
        company.wait_for_url(re.compile(r"/coordination/offers/\d+/$"))
    assert Offer.objects.filter(organisation=cast.company).count() == 3

    director = browser.page(cast.programme_director)
    director.goto("/coordination/needs/new/")
    director.select_option("select[name=organisation]", str(cast.university.pk))
    director.select_option("select[name=type]", "teaching")
    director.fill("input[name=title]", "GMP-undervisning i masterprogrammet")
    director.check("input[name=areas][value=gmp-production]")
    director.select_option("select[name=level]", "second_cycle")
    director.click("form.stacked button[type=submit]")
    director.wait_for_url(re.compile(r"/coordination/needs/\d+/$"))
    return cast, Need.objects.get(organisation=cast.university)


def test_done_when_a_suggested_match_is_confirmed_and_shown_on_the_dashboard_and_the_api(browser, domain):
    cast, need = _gmp_story(browser)
    coordinator = browser.page(cast.coordinator)
    coordinator.goto("/coordination/suggestions/")
    rows = coordinator.locator("tbody tr")
    assert rows.count() == 2  # the vector thesis shares no area with GMP teaching
    first = rows.first
    assert "Gemensamma kompetensområden: Produktion enligt GMP (1 av behovets 1)." in first.inner_text()
    first.get_by_role("button", name="Bekräfta matchning").click()
    coordinator.wait_for_url(re.compile(r"/coordination/matches/\d+/$"))
    match = Match.objects.get()
    assert (match.need_id, match.status) == (need.pk, "confirmed")

    coordinator.goto("/")
    summary = coordinator.locator("#coordination-figures").locator("xpath=..")
    assert re.search(r"Bekräftad\s+1", summary.inner_text())
    api = coordinator.request.get("/api/coordination/matches").json()
    assert [(m["offer_id"], m["need_id"], m["status"]) for m in api["items"]] == [
        (match.offer_id, need.pk, "confirmed")
    ]


def test_a_coordinator_filters_by_gmp_confirms_a_match_and_downloads_the_report(browser, domain):
    from kartlagg.reports.services import edition_upsert

    catalogue_load_seed()
    edition_upsert(key="atmp-2026", year=2026, title_sv="Kartläggning 2026", title_en="Mapping 2026")
    cast, need = _gmp_story(browser)
    page = browser.page(cast.coordinator)

    page.goto("/catalogue/")
    page.select_option("#area", "gmp-production")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url(re.compile(r"area=gmp-production"))
    assert page.locator("#result-count").inner_text().startswith("11 utbildningsinsatser")

    page.goto("/coordination/suggestions/")
    page.locator("tbody tr").first.get_by_role("button", name="Bekräfta matchning").click()
    page.wait_for_url(re.compile(r"/coordination/matches/\d+/$"))
    assert Match.objects.filter(need=need, status="confirmed").count() == 1

    page.goto("/reports/")
    with page.expect_download() as download:
        page.locator("a[href='/reports/atmp-2026/sv.pdf']").click()
    pdf = download.value
    assert pdf.suggested_filename == "kartlagg-atmp-2026-sv.pdf"
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_dashboard_works_by_keyboard_and_on_a_phone(browser, domain):
    catalogue_load_seed()
    page = browser.page(width=390)
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    for _ in range(40):  # tab through until the first catalogue figure link is reached
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/catalogue/":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/catalogue/$"))
