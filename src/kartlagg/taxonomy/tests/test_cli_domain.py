"""`kartlagg domain check|load|list|versions` as an operator uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kartlagg.cli.main import cli
from kartlagg.domainpack import load_domain_pack
from kartlagg.taxonomy.models import CompetenceArea, DomainVersion
from kartlagg.taxonomy.tests.conftest import edit, line_of


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["domain", *args])
    return result.exit_code, result.output


def test_check_reports_a_valid_pack_with_its_counts() -> None:
    pack = load_domain_pack("atmp")
    terms = sum(len(a.terms) for a in pack.areas)
    links = sum(len(a.links) for a in pack.areas)
    code, out = run("check", "atmp")
    assert code == 0
    assert out == (
        f"ok: atmp 2026.1: 20 areas, {terms} terms in 5 languages, {links} links "
        f"(content {pack.content_hash[:12]})\n"
    )


def test_check_of_a_broken_pack_folder_exits_non_zero_naming_file_line_and_area(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "gmp-production.yaml"
    edit(file, "target: EsB4_55e_Xwk", "target: EsB4_55e_XXX")
    code, out = run("check", str(atmp_copy))
    assert code == 1
    assert "Error: domain pack refused, 1 problem(s):" in out
    assert (
        f"{file}, line {line_of(file, 'EsB4_55e_XXX')}: area gmp-production: "
        "link to unknown jobtech-skill concept 'EsB4_55e_XXX'"
    ) in out


def test_check_of_an_unknown_pack_names_the_known_ones() -> None:
    code, out = run("check", "oncology")
    assert code == 1
    assert "no domain pack here (known packs: atmp, precision-medicine)" in out


def test_list_shows_every_shipped_pack() -> None:
    code, out = run("list")
    assert code == 0
    lines = out.splitlines()
    assert "atmp\t2026.1\t20 areas\tAdvanced therapy medicinal products (ATMP)" in lines
    assert "precision-medicine\t2026.1\t6 areas\tPrecision medicine" in lines


@pytest.mark.django_db
def test_load_installs_then_reports_nothing_changed_on_a_second_run() -> None:
    code, out = run("load", "atmp")
    assert code == 0
    assert out.startswith("loaded atmp 2026.1 (")
    assert out.endswith("): 20 new, 0 changed, 0 unchanged, 0 retired areas\n")
    code, out = run("load", "atmp")
    assert code == 0
    assert (
        out
        == f"atmp 2026.1 already current ({load_domain_pack('atmp').content_hash[:12]}); nothing changed\n"
    )
    assert DomainVersion.objects.count() == 1
    assert CompetenceArea.objects.count() == 20


@pytest.mark.django_db
def test_load_of_a_broken_pack_installs_nothing(atmp_copy: Path) -> None:
    run("load", "atmp")
    edit(atmp_copy / "domain.yaml", 'version: "2026.1"', 'version: "2026.2"')
    file = atmp_copy / "areas" / "cmc.yaml"
    edit(file, "  en: CMC (chemistry, manufacturing and controls)\n", "")
    code, out = run("load", str(atmp_copy))
    assert code == 1
    assert f"{file}, line {line_of(file, 'label:')}: area cmc: label in 'en' is missing" in out
    assert list(DomainVersion.objects.values_list("version", flat=True)) == ["2026.1"]
    assert CompetenceArea.objects.get(code="cmc").label_en == "CMC (chemistry, manufacturing and controls)"


@pytest.mark.django_db
def test_load_of_a_changed_folder_and_versions_lists_history(atmp_copy: Path) -> None:
    run("load", "atmp")
    edit(atmp_copy / "domain.yaml", 'version: "2026.1"', 'version: "2026.2"')
    (atmp_copy / "areas" / "tissue-engineering.yaml").unlink()
    edit(atmp_copy / "domain.yaml", "  - tissue-engineering\n", "")
    code, out = run("load", str(atmp_copy))
    assert code == 0
    assert out.endswith("0 new, 6 changed, 13 unchanged, 1 retired areas\n")
    code, out = run("versions", "atmp")
    assert code == 0
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["* 2026.2", "  2026.1"]


@pytest.mark.django_db
def test_changed_content_under_an_already_used_version_label_loads_with_a_warning(atmp_copy: Path) -> None:
    run("load", "atmp")
    edit(
        atmp_copy / "areas" / "cmc.yaml", "  en: CMC (chemistry, manufacturing and controls)\n", "  en: CMC\n"
    )
    code, out = run("load", str(atmp_copy))
    assert code == 0
    assert "1 changed, 19 unchanged" in out
    assert "note: version '2026.1' was loaded before with other content; bump `version` in domain.yaml" in out
    assert DomainVersion.objects.filter(version="2026.1").count() == 2
