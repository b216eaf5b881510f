"""The competence-area pages in Swedish (default, /taxonomy/) and English (/en/taxonomy/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from kartlagg.taxonomy.services import domain_pack_install_from_path
from kartlagg.taxonomy.tests.conftest import edit

pytestmark = pytest.mark.django_db


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_area_list_in_swedish_shows_swedish_labels_and_interface(client: Client, atmp_domain: object) -> None:
    html = page(client, "/taxonomy/")
    assert '<html lang="sv">' in html
    assert "<h1>Kompetensområden</h1>" in html
    assert "Taxonomin har 20 kompetensområden." in html
    for label in (
        "Cell- och molekylärbiologi",
        "Cellproduktion enligt GMP",
        "Virusvektorproduktion enligt GMP",
    ):
        assert label in html
    assert "del av Produktion enligt GMP" in html
    assert '<span class="tag">Avancerad nivå (master)</span>' in html
    assert '<span class="tag">Yrkeshögskola (YH)</span>' in html
    assert "GMP production of cells" not in html


def test_area_list_in_english_shows_english_labels_and_interface(client: Client, atmp_domain: object) -> None:
    html = page(client, "/en/taxonomy/")
    assert '<html lang="en">' in html
    assert "<h1>Competence areas</h1>" in html
    assert "The taxonomy has 20 competence areas." in html
    for label in ("Cell and molecular biology", "GMP production of cells", "GMP production of viral vectors"):
        assert label in html
    assert "part of GMP production" in html
    assert '<span class="tag">Second cycle (master)</span>' in html
    assert "Cellproduktion enligt GMP" not in html


def test_area_detail_in_both_languages(client: Client, atmp_domain: object) -> None:
    sv = page(client, "/taxonomy/cell-production/")
    assert "<h1>Cellproduktion enligt GMP</h1>" in sv
    assert "Tillverkning av cellterapiprodukter enligt GMP" in sv
    assert 'Del av</dt><dd><a href="/taxonomy/gmp-production/">Produktion enligt GMP</a>' in sv
    assert "Kopplingar till andra begreppssystem" in sv
    assert "Renrumsarbete" in sv
    assert '<dt lang="da">Danska</dt>' in sv
    assert "celleterapiproduktion" in sv

    en = page(client, "/en/taxonomy/cell-production/")
    assert "<h1>GMP production of cells</h1>" in en
    assert "Manufacturing cell therapy products under GMP" in en
    assert 'Part of</dt><dd><a href="/en/taxonomy/gmp-production/">GMP production</a>' in en
    assert '<dt lang="fi">Finnish</dt>' in en


def test_parent_page_lists_its_sub_areas(client: Client, atmp_domain: object) -> None:
    html = page(client, "/en/taxonomy/gmp-production/")
    assert "Includes" in html
    assert '<a href="/en/taxonomy/cell-production/">GMP production of cells</a>' in html
    assert '<a href="/en/taxonomy/viral-vector-production/">GMP production of viral vectors</a>' in html


def test_esco_occupation_links_point_to_the_esco_concept(client: Client, atmp_domain: object) -> None:
    html = page(client, "/en/taxonomy/regulatory-affairs/")
    uri = "http://data.europa.eu/esco/occupation/779d13be-60b4-48f3-a339-fe483be96c7f"
    assert f'<a href="{uri}">regulatory affairs manager</a>' in html
    assert "ESCO occupation" in html


def test_unknown_area_is_404(client: Client, atmp_domain: object) -> None:
    assert client.get("/taxonomy/no-such-area/").status_code == 404
    assert client.get("/en/taxonomy/no-such-area/").status_code == 404


def test_retired_area_page_says_so_and_the_list_leaves_it_out(
    client: Client, atmp_domain: object, atmp_copy: Path
) -> None:
    (atmp_copy / "areas" / "tissue-engineering.yaml").unlink()
    edit(atmp_copy / "domain.yaml", "  - tissue-engineering\n", "")
    edit(atmp_copy / "domain.yaml", 'version: "2026.1"', 'version: "2026.2"')
    domain_pack_install_from_path(path=atmp_copy)
    assert "Vävnadsteknik" not in page(client, "/taxonomy/")
    html = page(client, "/taxonomy/tissue-engineering/")
    assert "Området ingår inte längre i den aktuella taxonomin; det ingick senast i version 2026.1." in html


def test_empty_database_tells_how_to_load_the_pack(client: Client) -> None:
    assert "Inget domänpaket är inläst. Kör: kartlagg domain load atmp" in page(client, "/taxonomy/")


def test_admin_shows_the_taxonomy_view_only(client: Client, atmp_domain: object) -> None:
    from django.contrib.auth import get_user_model

    from kartlagg.taxonomy.models import CompetenceArea

    admin_user = get_user_model().objects.create_superuser("coordinator", "c@example.org", "pw")
    client.force_login(admin_user)
    html = page(client, "/en/admin/taxonomy/competencearea/")
    assert "cell-production" in html
    assert "/en/admin/taxonomy/competencearea/add/" not in html
    area = CompetenceArea.objects.get(code="cmc")
    detail = page(client, f"/en/admin/taxonomy/competencearea/{area.pk}/change/")
    assert 'name="_save"' not in detail
    response = client.post(f"/en/admin/taxonomy/competencearea/{area.pk}/change/", {"label_en": "Changed"})
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.label_en == "CMC (chemistry, manufacturing and controls)"
