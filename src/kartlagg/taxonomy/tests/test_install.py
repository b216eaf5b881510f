"""Installing a domain pack into the database: idempotent, versioned, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from kartlagg.domainpack import DomainPackError, load_domain_pack, load_domain_pack_from
from kartlagg.taxonomy.models import AreaLink, CompetenceArea, Domain, DomainVersion
from kartlagg.taxonomy.selectors import area_by_code, current_areas, current_domain_version, domain_versions
from kartlagg.taxonomy.services import (
    domain_pack_install,
    domain_pack_install_by_id,
    domain_pack_install_from_path,
)
from kartlagg.taxonomy.tests.conftest import edit

pytestmark = pytest.mark.django_db


def _stored_state() -> list[tuple[object, ...]]:
    areas = CompetenceArea.objects.order_by("pk").values_list(
        "pk",
        "code",
        "label_sv",
        "label_en",
        "definition_sv",
        "parent_id",
        "levels",
        "terms",
        "active",
        "sort_order",
        "first_version_id",
        "last_version_id",
    )
    links = AreaLink.objects.order_by("area_id", "scheme", "target").values_list(
        "area_id", "scheme", "target", "match"
    )
    versions = DomainVersion.objects.order_by("pk").values_list("pk", "content_hash", "is_current")
    return [*areas, *links, *versions]


def test_installing_the_bundled_pack_stores_twenty_areas_with_parents_links_and_terms() -> None:
    result = domain_pack_install_by_id(domain_id="atmp")
    pack = load_domain_pack("atmp")
    assert (result.created, result.updated, result.retired, result.unchanged_pack) == (20, 0, 0, False)
    assert [a.code for a in current_areas()] == pack.area_ids
    version = current_domain_version()
    assert version is not None
    assert (version.version, version.content_hash) == (pack.version, pack.content_hash)
    assert version.snapshot["areas"][2]["id"] == "gmp-production"
    cells = area_by_code(code="cell-production")
    assert cells.parent is not None and cells.parent.code == "gmp-production"
    assert cells.label_sv == "Cellproduktion enligt GMP"
    assert cells.label_en == "GMP production of cells"
    assert "cellterapiproduktion" in cells.terms["sv"]
    assert set(cells.terms) == {"sv", "en", "da", "nb", "fi"}
    assert AreaLink.objects.count() == sum(len(a.links) for a in pack.areas)
    renrum = AreaLink.objects.get(area__code="gmp-production", target="EsB4_55e_Xwk")
    assert (renrum.scheme, renrum.label, renrum.match) == ("jobtech-skill", "Renrumsarbete", "narrow")


def test_installing_the_same_pack_twice_changes_nothing() -> None:
    domain_pack_install_by_id(domain_id="atmp")
    before = _stored_state()
    again = domain_pack_install_by_id(domain_id="atmp")
    assert again.unchanged_pack
    assert (again.created, again.updated, again.retired, again.unchanged) == (0, 0, 0, 20)
    assert _stored_state() == before
    assert DomainVersion.objects.count() == 1


def test_a_changed_version_keeps_history_updates_areas_and_retires_removed_ones(atmp_copy: Path) -> None:
    first = domain_pack_install_from_path(path=atmp_copy).version
    edit(atmp_copy / "domain.yaml", 'version: "2026.1"', 'version: "2026.2"')
    edit(
        atmp_copy / "areas" / "cmc.yaml", "  en: CMC (chemistry, manufacturing and controls)\n", "  en: CMC\n"
    )
    (atmp_copy / "areas" / "tissue-engineering.yaml").unlink()
    edit(atmp_copy / "domain.yaml", "  - tissue-engineering\n", "")

    result = domain_pack_install(pack=load_domain_pack_from(atmp_copy))

    second = result.version
    # cmc relabelled, and the six areas listed after tissue-engineering each move up one place.
    assert (result.created, result.updated, result.unchanged, result.retired) == (0, 7, 12, 1)
    assert list(domain_versions(domain="atmp").values_list("version", "is_current")) == [
        ("2026.2", True),
        ("2026.1", False),
    ]
    assert current_domain_version() == second
    assert area_by_code(code="cmc").label_en == "CMC"
    retired = area_by_code(code="tissue-engineering")
    assert not retired.active
    assert (retired.first_version, retired.last_version) == (first, first)
    kept = area_by_code(code="gmp-production")
    assert (kept.first_version, kept.last_version) == (first, second)
    assert "tissue-engineering" not in [a.code for a in current_areas()]
    assert current_areas().count() == 19
    # The first version's snapshot still says what it held, for figures computed with it.
    first.refresh_from_db()
    assert "tissue-engineering" in [a["id"] for a in first.snapshot["areas"]]


def test_loading_an_earlier_content_again_makes_that_version_current_without_a_duplicate(
    atmp_copy: Path,
) -> None:
    domain_pack_install_by_id(domain_id="atmp")
    (atmp_copy / "areas" / "tissue-engineering.yaml").unlink()
    edit(atmp_copy / "domain.yaml", "  - tissue-engineering\n", "")
    domain_pack_install_from_path(path=atmp_copy)
    assert not area_by_code(code="tissue-engineering").active

    back = domain_pack_install_by_id(domain_id="atmp")

    assert not back.unchanged_pack
    assert back.reactivated == 1
    assert DomainVersion.objects.count() == 2
    assert current_domain_version() == back.version
    assert area_by_code(code="tissue-engineering").active
    assert current_areas().count() == 20


def test_nothing_is_installed_from_a_failing_pack(atmp_copy: Path) -> None:
    domain_pack_install_by_id(domain_id="atmp")
    before = _stored_state()
    edit(atmp_copy / "domain.yaml", 'version: "2026.1"', 'version: "2026.2"')
    edit(
        atmp_copy / "areas" / "cmc.yaml", "  en: CMC (chemistry, manufacturing and controls)\n", "  en: CMC\n"
    )
    edit(atmp_copy / "areas" / "gmp-production.yaml", "target: EsB4_55e_Xwk", "target: EsB4_55e_XXX")
    with pytest.raises(DomainPackError):
        domain_pack_install_from_path(path=atmp_copy)
    assert _stored_state() == before
    assert area_by_code(code="cmc").label_en == "CMC (chemistry, manufacturing and controls)"


def test_a_second_domain_installs_beside_atmp_without_touching_it() -> None:
    domain_pack_install_by_id(domain_id="atmp")
    result = domain_pack_install_by_id(domain_id="precision-medicine")
    assert result.created == 6
    assert Domain.objects.count() == 2
    assert current_areas().count() == 20  # the configured domain (atmp) is unchanged
    assert current_areas(domain="precision-medicine").count() == 6
    assert current_domain_version(domain="atmp") is not None
    genomics = area_by_code(code="clinical-bioinformatics", domain="precision-medicine")
    assert genomics.parent is not None and genomics.parent.code == "genomic-diagnostics"
    with pytest.raises(
        CompetenceArea.DoesNotExist, match="unknown competence area 'clinical-bioinformatics'"
    ):
        area_by_code(code="clinical-bioinformatics")
