"""The domain-pack loader: the bundled packs load complete, and a malformed pack is refused as a whole
with every problem named by file, line and entry."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kartlagg.domainpack import DomainPackError, available_domains, load_domain_pack, load_domain_pack_from
from kartlagg.domainpack.loader import DOMAINS_DIR
from kartlagg.domainpack.reference import esco_occupations, esco_skills, jobtech_skills, jobtech_ssyk4
from kartlagg.taxonomy.tests.conftest import LANGS, PackWriter, edit, line_of, minimal_area

ATMP_AREA_IDS = [
    "cell-molecular-biology",
    "cmc",
    "gmp-production",
    "cell-production",
    "viral-vector-production",
    "in-vivo-models",
    "regulatory-affairs",
    "quality-assurance",
    "quality-control",
    "process-development",
    "gene-editing",
    "clinical-trials",
    "clinical-implementation",
    "tissue-engineering",
    "nonclinical-safety-glp",
    "supply-chain-logistics",
    "biosafety-gmo",
    "bioinformatics",
    "business-market-access",
    "leadership-project-management",
]


def refused(path: Path) -> list[str]:
    with pytest.raises(DomainPackError) as caught:
        load_domain_pack_from(path)
    return [str(problem) for problem in caught.value.problems]


# --- the bundled ATMP pack -------------------------------------------------------------------------


def test_bundled_atmp_pack_has_exactly_the_twenty_agreed_areas_in_order() -> None:
    pack = load_domain_pack("atmp")
    assert pack.id == "atmp"
    assert pack.area_ids == ATMP_AREA_IDS
    assert pack.languages == LANGS


def test_every_atmp_area_has_swedish_and_english_label_and_definition() -> None:
    for area in load_domain_pack("atmp").areas:
        for lang in ("sv", "en"):
            assert area.label[lang].strip(), (area.id, lang)
            # A definition is prose: at least a sentence, not a repeat of the label.
            assert len(area.definition[lang]) >= 80, (area.id, lang)
            assert area.definition[lang].rstrip(".") != area.label[lang], (area.id, lang)
        assert area.levels, area.id


def test_every_atmp_area_has_terms_in_all_five_languages_and_links() -> None:
    for area in load_domain_pack("atmp").areas:
        for lang in LANGS:
            assert len(area.terms_in(lang)) >= 3, (area.id, lang)
        assert 30 <= len(area.terms) <= 120, (area.id, len(area.terms))
        assert len(area.links) >= 3, area.id
        assert {link.scheme for link in area.links} & {"jobtech-skill", "jobtech-ssyk"}, area.id
        assert {link.scheme for link in area.links} & {"esco-skill", "esco-occupation"}, area.id


def test_atmp_links_point_at_real_reference_concepts_with_their_labels() -> None:
    pack = load_domain_pack("atmp")
    gmp = {(link.scheme, link.target): link for link in pack.area("gmp-production").links}
    assert gmp[("jobtech-skill", "EsB4_55e_Xwk")].label == "Renrumsarbete"
    assert gmp[("esco-skill", "good manufacturing practices")].match == "close"
    ra = {link.target: link for link in pack.area("regulatory-affairs").links}
    assert ra["http://data.europa.eu/esco/occupation/779d13be-60b4-48f3-a339-fe483be96c7f"].label == (
        "regulatory affairs manager"
    )
    known = {
        "jobtech-skill": set(jobtech_skills()),
        "jobtech-ssyk": set(jobtech_ssyk4()),
        "esco-skill": set(esco_skills()),
        "esco-occupation": set(esco_occupations()),
    }
    for area in pack.areas:
        for link in area.links:
            assert link.target in known[link.scheme], (area.id, link)
            assert link.match in {"exact", "close", "broad", "narrow"}


def test_atmp_hierarchy_puts_cell_and_vector_production_under_gmp_production() -> None:
    pack = load_domain_pack("atmp")
    children = {area.id: area.parent for area in pack.areas if area.parent}
    assert children == {"cell-production": "gmp-production", "viral-vector-production": "gmp-production"}


def test_atmp_abbreviations_are_case_sensitive_and_ambiguous_bare_words_are_absent() -> None:
    pack = load_domain_pack("atmp")
    by_text = {(t.text, t.lang): t for area in pack.areas for t in area.terms}
    for text in ("CMC", "GMP", "GLP", "ICH-GCP", "CAPA", "GMO", "CRISPR"):
        assert by_text[(text, "en")].case_sensitive, text
        assert by_text[(text, "en")].kind == "abbreviation", text
    every_text = {t.text.casefold() for area in pack.areas for t in area.terms}
    # Words that on their own also mean a battery cell, a maths vector, a car, any QA job, Google Cloud
    # Platform (GCP), the Cyber Resilience Act (CRA) or the boilerplate of every job ad.
    ambiguous_words = ["cell", "celler", "vektor", "vector", "qa", "qc", "car", "gdp", "gcp", "cra", "usp"]
    ambiguous_words += [
        "validering",
        "ledelse",
        "leadership",
        "ledarskap",
        "data integrity",
        "regulatory requirements",
    ]
    for ambiguous in ambiguous_words:
        assert ambiguous not in every_text, ambiguous


def test_atmp_lexicon_carries_nordic_compounds_and_inflections() -> None:
    pack = load_domain_pack("atmp")
    texts = {(t.text, t.lang) for area in pack.areas for t in area.terms}
    for expected in [
        ("cellterapiproduktion", "sv"),
        ("GMP-tillverkning", "sv"),
        ("virusvektorproduktion", "sv"),
        ("renrumsarbete", "sv"),
        ("lentivirala vektorer", "sv"),
        ("AAV-vektor", "sv"),
        ("renrumsarbejde", "da"),
        ("renromsarbeid", "nb"),
        ("puhdastilatyö", "fi"),
        ("CAR-T manufacturing", "en"),
        ("viral vectors", "en"),
    ]:
        assert expected in texts, expected
    # Each area's lexicon names its own label in each of sv and en.
    for area in pack.areas:
        label_terms = [t for t in area.terms if t.kind == "label"]
        assert {t.lang for t in label_terms} == set(LANGS), area.id


def test_both_shipped_packs_are_listed_and_load() -> None:
    assert {"atmp", "precision-medicine"} <= set(available_domains())
    pm = load_domain_pack("precision-medicine")
    assert pm.id == "precision-medicine"
    assert len(pm.areas) == 6
    assert pm.area("clinical-bioinformatics").parent == "genomic-diagnostics"
    assert not set(pm.area_ids) & set(ATMP_AREA_IDS)


def test_the_same_files_give_the_same_content_hash_and_one_changed_byte_a_new_one(atmp_copy: Path) -> None:
    bundled = load_domain_pack("atmp")
    assert load_domain_pack_from(atmp_copy).content_hash == bundled.content_hash
    edit(atmp_copy / "areas" / "cmc.yaml", "levels: [second_cycle, professional]", "levels: [professional]")
    assert load_domain_pack_from(atmp_copy).content_hash != bundled.content_hash


# --- malformed packs: refused whole, every problem named -------------------------------------------


def test_duplicate_id_is_refused_naming_both_files(atmp_copy: Path) -> None:
    extra = atmp_copy / "areas" / "cmc-copy.yaml"
    extra.write_text((atmp_copy / "areas" / "cmc.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    problems = refused(atmp_copy)
    assert f"{atmp_copy}/areas/cmc.yaml, line 1: area cmc: duplicate id (also in {extra})" in problems
    assert f"{extra}, line 1: area cmc: id differs from the file name (expected cmc-copy.yaml)" in problems


def test_missing_label_in_one_language_is_refused_naming_file_line_and_area(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "quality-control.yaml"
    edit(file, "  en: Quality control\n", "")
    assert refused(atmp_copy) == [
        f"{file}, line {line_of(file, 'label:')}: area quality-control: label in 'en' is missing"
    ]


def test_link_to_unknown_jobtech_concept_is_refused(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "gmp-production.yaml"
    edit(file, "target: EsB4_55e_Xwk", "target: EsB4_55e_XXX")
    assert refused(atmp_copy) == [
        f"{file}, line {line_of(file, 'EsB4_55e_XXX')}: area gmp-production: "
        "link to unknown jobtech-skill concept 'EsB4_55e_XXX'"
    ]


def test_link_to_unknown_esco_skill_label_is_refused(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "bioinformatics.yaml"
    edit(file, "target: biostatistics,", "target: biostatistical wizardry,")
    assert refused(atmp_copy) == [
        f"{file}, line {line_of(file, 'wizardry')}: area bioinformatics: "
        "link to unknown esco-skill concept 'biostatistical wizardry'"
    ]


def test_cycle_in_parents_is_refused_for_every_area_on_the_cycle(atmp_copy: Path) -> None:
    gmp = atmp_copy / "areas" / "gmp-production.yaml"
    edit(
        gmp,
        "levels: [vocational, first_cycle, second_cycle, professional]\n",
        "levels: [vocational]\nparent: cell-production\n",
    )
    cells = atmp_copy / "areas" / "cell-production.yaml"
    assert refused(atmp_copy) == [
        f"{cells}, line {line_of(cells, 'parent:')}: area cell-production: "
        "cycle in parents: cell-production -> gmp-production -> cell-production",
        f"{gmp}, line {line_of(gmp, 'parent:')}: area gmp-production: "
        "cycle in parents: gmp-production -> cell-production -> gmp-production",
    ]


def test_unknown_parent_is_refused(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "cell-production.yaml"
    edit(file, "parent: gmp-production", "parent: gmp-produktion")
    assert refused(atmp_copy) == [
        f"{file}, line {line_of(file, 'parent:')}: area cell-production: unknown parent 'gmp-produktion'"
    ]


def test_bad_yaml_is_refused_with_its_line_number(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "gene-editing.yaml"
    edit(file, "    - {text: geneditering, kind: label}", "    - {text: geneditering, kind: label")
    problems = refused(atmp_copy)
    assert len(problems) == 1
    # The parser notices the unclosed mapping on the next line, where it meets the next item.
    assert problems[0].startswith(
        f"{file}, line {line_of(file, '{text: genredigering, kind: synonym}')}: not valid YAML at column "
    )


def test_unknown_field_is_refused_naming_the_field(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "cmc.yaml"
    edit(
        file, "levels: [second_cycle, professional]", "levels: [second_cycle, professional]\nsynonyms: [CMC]"
    )
    assert refused(atmp_copy) == [
        f"{file}, line {line_of(file, 'synonyms:')}: area cmc: unknown field 'synonyms'"
    ]


def test_unknown_level_and_match_type_are_refused(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "cmc.yaml"
    edit(file, "levels: [second_cycle, professional]", "levels: [second_cycle, postdoc]")
    edit(file, "target: u47A_7yp_rvf, match: broad", "target: u47A_7yp_rvf, match: related")
    problems = refused(atmp_copy)
    assert len(problems) == 2
    assert problems[0].startswith(
        f"{file}, line {line_of(file, 'postdoc')}: area cmc: levels.1: Input should be "
    )
    assert problems[1].startswith(
        f"{file}, line {line_of(file, 'related')}: area cmc: links.0.match: Input should be"
    )


def test_key_written_twice_is_refused_rather_than_silently_overwritten(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "cmc.yaml"
    edit(
        file,
        "levels: [second_cycle, professional]",
        "levels: [second_cycle, professional]\nlevels: [vocational]",
    )
    assert refused(atmp_copy) == [
        f"{file}, line {line_of(file, 'levels: [vocational]')}: key 'levels' appears twice"
    ]


def test_area_without_terms_in_a_declared_language_is_refused(atmp_copy: Path) -> None:
    file = atmp_copy / "areas" / "pharmacology.yaml"
    file.write_text(
        "id: pharmacology\nlabel: {sv: Farmakologi, en: Pharmacology}\n"
        "definition: {sv: Läran om läkemedel., en: The study of medicines.}\n"
        "levels: [first_cycle]\nterms:\n  sv: [farmakologi]\n  en: [pharmacology]\n",
        encoding="utf-8",
    )
    problems = refused(atmp_copy)
    assert (
        f"{file}, line 5: area pharmacology: no terms in 'da' (the domain lists it in languages)" in problems
    )
    assert (
        f"{file}, line 5: area pharmacology: no terms in 'fi' (the domain lists it in languages)" in problems
    )
    assert f"{file}, line 1: area pharmacology: not listed in domain.yaml area_order" in problems


def test_every_problem_of_a_pack_is_reported_at_once(atmp_copy: Path) -> None:
    edit(atmp_copy / "areas" / "quality-control.yaml", "  en: Quality control\n", "")
    edit(atmp_copy / "areas" / "gmp-production.yaml", "target: EsB4_55e_Xwk", "target: nope")
    edit(atmp_copy / "domain.yaml", "  - bioinformatics\n", "  - bioinformatik\n")
    problems = refused(atmp_copy)
    assert len(problems) == 4
    assert any("area_order: names unknown area 'bioinformatik'" in p for p in problems)
    assert any("area bioinformatics: not listed in domain.yaml area_order" in p for p in problems)


def test_unknown_pack_id_names_the_packs_that_exist() -> None:
    with pytest.raises(DomainPackError, match=r"no domain pack here \(known packs: atmp, precision-medicine"):
        load_domain_pack("oncology")


# --- a second domain needs no code ------------------------------------------------------------------


def test_a_new_domain_folder_loads_without_code_changes(write_pack: PackWriter, tmp_path: Path) -> None:
    folder = write_pack(
        [minimal_area("sequencing"), minimal_area("variant-interpretation", parent="sequencing")],
        domain_id="genomics",
    )
    assert available_domains(tmp_path) == ["genomics"]
    pack = load_domain_pack("genomics", root=tmp_path)
    assert pack.area_ids == ["sequencing", "variant-interpretation"]
    assert pack.area("variant-interpretation").parent == "sequencing"
    assert pack.area("sequencing").terms_in("fi")[0].text == "sequencing fi"
    assert load_domain_pack_from(folder).content_hash == pack.content_hash


# --- property: any parent graph with a cycle is refused, any acyclic one loads -----------------------


def _on_a_cycle(parents: dict[str, str | None]) -> set[str]:
    """Areas from which following parents leads back to themselves (computed independently of the loader)."""
    cyclic: set[str] = set()
    for start in parents:
        current, steps = parents[start], 0
        while current is not None and steps <= len(parents):
            if current == start:
                cyclic.add(start)
                break
            current, steps = parents[current], steps + 1
    return cyclic


@st.composite
def parent_graphs(draw: st.DrawFn) -> dict[str, str | None]:
    ids = [f"a{i}" for i in range(draw(st.integers(min_value=1, max_value=7)))]
    return {area_id: draw(st.one_of(st.none(), st.sampled_from(ids))) for area_id in ids}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parents=parent_graphs())
def test_parent_graphs_with_a_cycle_are_refused_and_acyclic_ones_load(
    parents: dict[str, str | None], write_pack: PackWriter
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_pack([minimal_area(a, parent=p) for a, p in parents.items()], root=Path(tmp))
        cyclic = _on_a_cycle(parents)
        if not cyclic:
            pack = load_domain_pack_from(folder)
            assert {a.id: a.parent for a in pack.areas} == parents
            return
        with pytest.raises(DomainPackError) as caught:
            load_domain_pack_from(folder)
        named = {p.entry.removeprefix("area ") for p in caught.value.problems}
        assert named == cyclic
        assert all("cycle in parents" in p.message for p in caught.value.problems)


# --- property: a damaged pack file is refused with a DomainPackError, never a crash ------------------


@settings(max_examples=25, deadline=None)
@given(
    area=st.sampled_from(ATMP_AREA_IDS),
    cut=st.floats(min_value=0.0, max_value=1.0),
    drop_line=st.booleans(),
)
def test_a_truncated_or_line_damaged_area_file_is_refused_cleanly(
    area: str, cut: float, drop_line: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack_dir = Path(tmp) / "atmp"
        shutil.copytree(DOMAINS_DIR / "atmp", pack_dir)
        file = pack_dir / "areas" / f"{area}.yaml"
        data = file.read_bytes()
        if drop_line:
            lines = data.splitlines(keepends=True)
            del lines[int(cut * (len(lines) - 1))]
            damaged = b"".join(lines)
        else:
            damaged = data[: int(cut * len(data))]  # may end inside a UTF-8 character
        file.write_bytes(damaged)
        try:
            pack = load_domain_pack_from(pack_dir)
        except DomainPackError as exc:
            assert exc.problems
            assert all(problem.file.startswith(str(pack_dir)) for problem in exc.problems)
        else:
            # Some lines (a comment, one synonym) can go without making the pack invalid.
            assert pack.area_ids == ATMP_AREA_IDS
