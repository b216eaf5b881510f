"""The seeded catalogue is the 2022 report's own account of education supply, nothing more."""

from __future__ import annotations

import pytest

from kartlagg.catalogue.files import read_rows
from kartlagg.catalogue.models import Offering
from kartlagg.catalogue.services import SEED_FILE, catalogue_load_seed
from kartlagg.organisations.models import Organisation

REPORT = "Innovationsmiljön ATMP 2030, Kartläggning av utbildning och kompetensbehov inom ATMP, 2022-04-28"
AREA_IDS = {
    "cell-molecular-biology", "cmc", "gmp-production", "cell-production", "viral-vector-production",
    "in-vivo-models", "regulatory-affairs", "quality-assurance", "quality-control", "process-development",
    "gene-editing", "clinical-trials", "clinical-implementation", "tissue-engineering",
    "nonclinical-safety-glp", "supply-chain-logistics", "biosafety-gmo", "bioinformatics",
    "business-market-access", "leadership-project-management",
}  # fmt: skip

# Every offering and initiative the report names, by key, with (country, kind, ATMP share).
NAMED_IN_REPORT = {
    "se-bma-programme": ("SE", "degree_programme", "some"),
    "se-biotechnology-engineering": ("SE", "degree_programme", "some"),
    "se-technical-biology-engineering": ("SE", "degree_programme", "none"),
    "se-chemical-engineering": ("SE", "degree_programme", "none"),
    "se-biomedicine-programme": ("SE", "degree_programme", "none"),
    "se-pharmacist-programme": ("SE", "degree_programme", "none"),
    "se-pharmaceutical-programmes": ("SE", "degree_programme", "some"),
    "se-medical-programme": ("SE", "degree_programme", "none"),
    "se-vavnadsradet-courses": ("SE", "course", "some"),
    "se-vog-cell-courses": ("SE", "course", "substantial"),
    "se-camp-gmp-e-learning": ("SE", "e_learning", "dedicated"),
    "se-lakemedelsakademien-seminars": ("SE", "seminar_series", "dedicated"),
    "se-lakemedelsakademien-e-learning": ("SE", "e_learning", "dedicated"),
    "se-atmp2030-introductory-course": ("SE", "conference_course", "dedicated"),
    "se-commercial-quality-courses": ("SE", "course", "none"),
    "gb-masters-programmes": ("GB", "degree_programme", "some"),
    "gb-doctoral-training-centres": ("GB", "degree_programme", "some"),
    "gb-advanced-therapies-apprenticeship-community": ("GB", "apprenticeship", "dedicated"),
    "gb-atstn-digital-platform": ("GB", "e_learning", "dedicated"),
    "gb-atstn-training-centres": ("GB", "hands_on", "dedicated"),
    "gb-attc-e-learning": ("GB", "e_learning", "dedicated"),
    "gb-cgtc-skills-coordination": ("GB", "training_network", "dedicated"),
    "ca-catti-e-learning": ("CA", "e_learning", "dedicated"),
    "ca-catti-gmp-hands-on": ("CA", "hands_on", "dedicated"),
    "us-regional-workforce-model": ("US", "training_network", "dedicated"),
}


def test_the_seed_file_uses_only_the_twenty_fixed_area_ids():
    used = {area["area"] for _, raw in read_rows(SEED_FILE) for area in raw.get("areas", [])}
    assert used <= AREA_IDS
    assert "gmp-production" in used


@pytest.mark.django_db
def test_seed_loads_every_offering_the_report_names(atmp_domain):
    result = catalogue_load_seed()

    assert (result.created, result.updated, result.unchanged) == (len(NAMED_IN_REPORT), 0, 0)
    stored = {o.key: (o.country, o.kind, o.atmp_share) for o in Offering.objects.all()}
    assert stored == NAMED_IN_REPORT


@pytest.mark.django_db
def test_every_seeded_offering_cites_the_report_and_invents_no_numbers(seeded):
    offerings = list(Offering.objects.all())
    assert {o.source for o in offerings} == {REPORT}
    # The report gives no capacity, extent or dates for any offering: they stay empty.
    assert [o.key for o in offerings if o.capacity is not None] == []
    assert [o.key for o in offerings if o.extent_value is not None] == []
    assert [o.key for o in offerings if o.start_date or o.end_date] == []
    # The only city the report names is Toronto (CATTI's hands-on training with CCRM).
    assert {o.key: o.city for o in offerings if o.city} == {"ca-catti-gmp-hands-on": "Toronto"}
    # Only the two addresses the report cites.
    assert {o.url for o in offerings if o.url} == {
        "https://atmptraining.com/pages/about-catti",
        "https://doi.org/10.1002/sctm.21-0037",
    }
    assert all(o.title_sv and o.title_en and o.description_sv and o.description_en for o in offerings)


@pytest.mark.django_db
def test_swedish_programmes_are_nationwide_types_with_at_most_awareness_of_atmp(seeded):
    programmes = Offering.objects.filter(country="SE", kind="degree_programme")
    assert programmes.count() == 8
    assert {p.provider.name for p in programmes} == {"Svenska lärosäten"}
    assert {p.city for p in programmes} == {""}
    assert {p.atmp_share for p in programmes} == {"none", "some"}
    depths = {c.depth for p in programmes for c in p.coverage.all()}
    assert depths == {"awareness"}


@pytest.mark.django_db
def test_camp_gmp_e_learning_is_dedicated_to_gmp_production(seeded):
    camp = Offering.objects.get(key="se-camp-gmp-e-learning")
    assert camp.atmp_share == "dedicated"
    assert [(c.area.code, c.depth) for c in camp.coverage.all()] == [("gmp-production", "awareness")]
    assert camp.provider.name.startswith("CAMP")


@pytest.mark.django_db
def test_seed_reload_adds_nothing(seeded):
    offerings, organisations = Offering.objects.count(), Organisation.objects.count()

    again = catalogue_load_seed()

    assert (again.created, again.updated, again.unchanged) == (0, 0, len(NAMED_IN_REPORT))
    assert (Offering.objects.count(), Organisation.objects.count()) == (offerings, organisations)
