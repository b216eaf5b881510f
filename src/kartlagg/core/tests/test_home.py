"""The home page at / (rendered by the dashboard app through core:home): figures and supply per area."""

from __future__ import annotations

import pytest

from kartlagg.core.navigation import nav_items
from kartlagg.core.vocab import country_label, level_label

pytestmark = pytest.mark.django_db


def test_home_in_swedish_with_figures_and_supply_table(client, seeded):
    html = client.get("/").content.decode()
    assert "<h1>Kompetensbehov och utbildningsutbud inom ATMP</h1>" in html
    assert "<strong>25</strong>" in html  # offerings
    assert "<strong>15</strong>" in html  # in Sweden
    assert "Utbildningsutbud per kompetensområde" in html
    assert 'href="/catalogue/?area=gmp-production&amp;country=SE"' in html
    gmp = gmp_area().label_sv  # the label is the taxonomy's data, not this page's
    assert f'aria-label="{gmp}: 5 i Sverige"' in html
    assert f'aria-label="{gmp}: 6 i andra länder"' in html


def test_home_in_english(client, seeded):
    html = client.get("/en/").content.decode()
    assert "<h1>ATMP competence needs and education supply</h1>" in html
    assert f'aria-label="{gmp_area().label_en}: 5 in Sweden"' in html


def test_about_page(client):
    assert "Om underlaget" in client.get("/about/").content.decode()
    assert "About the data" in client.get("/en/about/").content.decode()


def test_navigation_starts_with_the_overview():
    assert nav_items()[0].url_name == "core:home"
    assert {"catalogue:list", "organisations:list"} <= {item.url_name for item in nav_items()}


def test_vocabulary_labels_follow_the_language():
    from django.utils import translation

    with translation.override("sv"):
        assert (country_label("GB"), level_label("third_cycle")) == (
            "Storbritannien",
            "Forskarnivå (doktorand)",
        )
    with translation.override("en"):
        assert (country_label("GB"), level_label("third_cycle")) == ("United Kingdom", "Third cycle (PhD)")
    assert country_label("XX") == "XX"


def gmp_area():
    from kartlagg.taxonomy.selectors import area_by_code

    return area_by_code(code="gmp-production")


def _nav_links(html: str) -> list[tuple[str, str]]:
    """(address, label) of the main navigation: the first <nav> of the page."""
    import re

    block = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', block)


def test_alerts_and_jobs_are_in_the_navigation_only_for_those_who_may_open_them(client):
    from django.contrib.auth.models import Group, User

    from kartlagg.coordination.policy import COORDINATORS_GROUP

    coordinator_links = {("/alerts/", "Annonsbevakning"), ("/jobs/", "Bakgrundsjobb")}
    assert coordinator_links.isdisjoint(_nav_links(client.get("/about/").content.decode()))  # anonymous
    User.objects.create_user("ordinary", password="pw-123456")
    client.login(username="ordinary", password="pw-123456")
    assert coordinator_links.isdisjoint(_nav_links(client.get("/about/").content.decode()))
    assert client.get("/alerts/").status_code == 403 and client.get("/jobs/").status_code == 403

    boss = User.objects.create_user("samordnare", password="pw-123456")
    boss.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    client.login(username="samordnare", password="pw-123456")
    links = _nav_links(client.get("/about/").content.decode())
    assert coordinator_links <= set(links)
    # after the job ads, the jobs last
    assert links.index(("/alerts/", "Annonsbevakning")) == links.index(("/jobads/", "Platsannonser")) + 1
    assert links[-1] == ("/jobs/", "Bakgrundsjobb")
    english = _nav_links(client.get("/en/about/").content.decode())
    assert {("/en/alerts/", "Ad alerts"), ("/en/jobs/", "Background jobs")} <= set(english)
    assert client.get("/alerts/").status_code == 200 and client.get("/jobs/").status_code == 200
