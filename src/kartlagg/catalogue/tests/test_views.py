"""Catalogue pages in Swedish (/) and English (/en/), downloads, and the coordinators' admin."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from kartlagg.catalogue.models import Offering
from kartlagg.taxonomy.selectors import area_by_code

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    """The offering titles linked in the list table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<a href="(?:/en)?/catalogue/\d+/">([^<]+)</a>', body)


def test_list_in_swedish_by_default(client, seeded):
    html = text(client.get("/catalogue/"))
    assert '<html lang="sv">' in html
    assert "<h1>Utbildningskatalog</h1>" in html
    assert "25 utbildningsinsatser" in html
    assert '<label for="area">Kompetensområde</label>' in html
    assert "Biomedicinsk analytiker (BMA), utbildningsprogram" in html
    assert "Storbritannien" in html


def test_list_in_english_under_en(client, seeded):
    html = text(client.get("/en/catalogue/"))
    assert '<html lang="en">' in html
    assert "<h1>Education catalogue</h1>" in html
    assert "25 offerings" in html
    assert "Biomedical laboratory scientist (BMA) programme" in html
    assert "United Kingdom" in html


def test_filtering_by_gmp_production_compares_sweden_and_the_uk(client, seeded):
    html = text(client.get("/en/catalogue/", {"area": "gmp-production"}))
    assert "11 offerings" in html
    assert '<span class="tag">Sweden: 5</span>' in html
    assert '<span class="tag">United Kingdom: 3</span>' in html
    label = area_by_code(code="gmp-production").label_en
    assert f'<option value="gmp-production" selected>{label}</option>' in html
    assert 'href="/en/taxonomy/gmp-production/"' in html
    titles = rows(html)
    assert len(titles) == 11
    assert titles.index("Introductory e-learning course on GMP manufacturing of ATMP") < titles.index(
        "ATSTN digital platform of courses and resources"
    )  # Sweden first


def test_filters_combine_and_search_narrows(client, seeded):
    html = text(client.get("/catalogue/", {"country": "GB", "kind": "e_learning", "q": "ATTC"}))
    assert rows(html) == ["ATTC:s e-learning-paket för vårdpersonal"]
    assert "1 utbildningsinsats<" in html
    assert "Rensa filter" in html


def test_no_match_says_so(client, seeded):
    html = text(client.get("/en/catalogue/", {"q": "xylophone"}))
    assert "No offering matches these filters." in html
    assert "0 offerings" in html


def test_every_filter_is_a_labelled_control(client, seeded):
    html = text(client.get("/en/catalogue/"))
    for name in ("q", "area", "country", "level", "format", "target_group", "atmp_share", "kind"):
        assert f'<label for="{name}">' in html
        assert f'id="{name}" name="{name}"' in html
    assert 'role="search"' in html
    assert 'role="status"' in html
    assert 'data-label="Provider"' in html  # cells keep their column name when stacked on a phone


def test_detail_page_in_both_languages(client, seeded):
    catti = Offering.objects.get(key="ca-catti-gmp-hands-on")
    sv = text(client.get(f"/catalogue/{catti.pk}/"))
    assert "<h1>CATTI praktisk GMP-träning (med CCRM, Toronto)</h1>" in sv
    assert "<dd>Kanada, Toronto</dd>" in sv
    assert "Praktisk träning" in sv
    assert "<dd>Personal i industrin</dd>" in sv
    assert "ej angivet" in sv  # capacity, fee: not in the report
    assert 'href="/taxonomy/gmp-production/"' in sv

    en = text(client.get(f"/en/catalogue/{catti.pk}/"))
    assert "<h1>CATTI hands-on GMP training (with CCRM, Toronto)</h1>" in en
    assert "<dd>Canada, Toronto</dd>" in en
    assert "Working knowledge" in en
    assert "not stated" in en
    assert 'href="https://atmptraining.com/pages/about-catti"' in en


def test_detail_page_names_languages_in_the_page_language(client, seeded):
    bma = Offering.objects.get(key="se-bma-programme")
    assert "<dd>Svenska</dd>" in text(client.get(f"/catalogue/{bma.pk}/"))
    assert "<dd>Swedish</dd>" in text(client.get(f"/en/catalogue/{bma.pk}/"))


def test_unknown_offering_is_404(client, seeded):
    assert client.get("/catalogue/999999/").status_code == 404
    assert client.get("/catalogue/export.pdf").status_code == 404


def test_area_page_shows_sweden_against_other_countries(client, seeded):
    html = text(client.get("/en/taxonomy/gmp-production/"))
    assert "Introductory e-learning course on GMP manufacturing of ATMP" in html
    assert "ATSTN digital platform of courses and resources" in html
    assert html.index("Sweden") < html.index("United Kingdom")


def test_csv_download_is_the_whole_catalogue(client, seeded):
    response = client.get("/catalogue/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kartlagg-catalogue.csv"'
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(table) == 25
    assert {r["country"] for r in table} == {"SE", "GB", "CA", "US"}


def test_json_and_xlsx_downloads(client, seeded):
    data = json.loads(client.get("/en/catalogue/export.json").content)
    assert len(data) == 25
    response = client.get("/catalogue/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 26  # header + 25


def test_coordinator_edits_an_offering_in_the_admin(client, seeded):
    user = get_user_model().objects.create_superuser("coord", "coord@example.org", "pw-for-tests")
    client.force_login(user)
    offering = Offering.objects.get(key="se-camp-gmp-e-learning")

    assert client.get("/admin/catalogue/offering/").status_code == 200
    page = text(client.get(f"/admin/catalogue/offering/{offering.pk}/change/"))
    assert "coverage-TOTAL_FORMS" in page  # the competence-area inline

    link = offering.coverage.get()
    form = {
        "key": offering.key,
        "title_sv": offering.title_sv,
        "title_en": offering.title_en,
        "kind": offering.kind,
        "provider": offering.provider_id,
        "atmp_share": offering.atmp_share,
        "country": "SE",
        "city": "",
        "languages": '["sv"]',
        "format": "online",
        "level": "professional",
        "target_groups": '["industry_staff"]',
        "extent_value": "",
        "extent_unit": "",
        "fee": "",
        "capacity": "",
        "start_date": "",
        "end_date": "",
        "url": "",
        "description_sv": offering.description_sv,
        "description_en": offering.description_en,
        "source": offering.source,
        "coverage-TOTAL_FORMS": "2",
        "coverage-INITIAL_FORMS": "1",
        "coverage-MIN_NUM_FORMS": "0",
        "coverage-MAX_NUM_FORMS": "1000",
        "coverage-0-id": link.pk,
        "coverage-0-offering": offering.pk,
        "coverage-0-area": link.area_id,
        "coverage-0-depth": "working",
        "coverage-1-offering": offering.pk,
        "coverage-1-area": seeded_area_id("quality-assurance"),
        "coverage-1-depth": "awareness",
    }
    response = client.post(f"/admin/catalogue/offering/{offering.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]

    offering.refresh_from_db()
    assert offering.languages == ["sv"]
    assert offering.target_groups == ["industry_staff"]
    assert sorted((c.area.code, c.depth) for c in offering.coverage.all()) == [
        ("gmp-production", "working"),
        ("quality-assurance", "awareness"),
    ]

    form["target_groups"] = '["everyone"]'
    refused = client.post(f"/admin/catalogue/offering/{offering.pk}/change/", form)
    assert refused.status_code == 200
    assert "En lista med målgrupper" in refused.content.decode()


def seeded_area_id(code: str) -> int:
    return area_by_code(code=code).pk
