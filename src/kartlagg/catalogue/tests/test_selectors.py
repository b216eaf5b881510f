"""Each catalogue filter narrows the seeded catalogue exactly as the report's offerings warrant."""

from __future__ import annotations

import pytest
from django.utils import translation

from kartlagg.catalogue.selectors import (
    CatalogueFilters,
    area_codes_within,
    catalogue_summary,
    countries_in_catalogue,
    offering_list,
    offerings_for_area,
    supply_by_area,
)
from kartlagg.taxonomy.selectors import area_by_code

pytestmark = pytest.mark.django_db


def keys(**filters: str) -> set[str]:
    return {o.key for o in offering_list(filters=CatalogueFilters(**filters))}


GMP_SWEDEN = {
    "se-bma-programme",
    "se-biotechnology-engineering",
    "se-pharmaceutical-programmes",
    "se-camp-gmp-e-learning",
    "se-vog-cell-courses",  # mapped to cell-production, which lies under gmp-production
}
GMP_UK = {
    "gb-advanced-therapies-apprenticeship-community",
    "gb-atstn-digital-platform",
    "gb-atstn-training-centres",
}


def test_no_filter_lists_the_whole_catalogue_sweden_first(seeded):
    offerings = list(offering_list(filters=CatalogueFilters()))
    assert len(offerings) == 25
    countries = [o.country for o in offerings]
    assert countries == sorted(countries, key=lambda c: (c != "SE", c))


def test_gmp_production_shows_what_sweden_offers_against_the_uk(seeded):
    assert keys(area="gmp-production", country="SE") == GMP_SWEDEN
    assert keys(area="gmp-production", country="GB") == GMP_UK
    assert keys(area="gmp-production") == GMP_SWEDEN | GMP_UK | {
        "ca-catti-e-learning",
        "ca-catti-gmp-hands-on",
        "us-regional-workforce-model",
    }


def test_an_area_filter_includes_the_areas_below_it(seeded):
    assert area_codes_within("gmp-production") == {
        "gmp-production",
        "cell-production",
        "viral-vector-production",
    }
    assert area_codes_within("cell-production") == {"cell-production"}
    assert keys(area="cell-production") == {"se-vog-cell-courses"}
    assert keys(area="no-such-area") == set()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "CA"}, {"ca-catti-e-learning", "ca-catti-gmp-hands-on"}),
        ({"country": "US"}, {"us-regional-workforce-model"}),
        ({"level": "vocational"}, {"gb-advanced-therapies-apprenticeship-community"}),
        ({"level": "third_cycle"}, {"se-atmp2030-introductory-course", "gb-doctoral-training-centres"}),
        ({"level": "second_cycle", "country": "SE"}, {"se-pharmacist-programme", "se-medical-programme"}),
        (
            {"format": "online"},
            {
                "se-camp-gmp-e-learning",
                "se-lakemedelsakademien-e-learning",
                "gb-atstn-digital-platform",
                "gb-attc-e-learning",
                "ca-catti-e-learning",
            },
        ),
        ({"format": "blended"}, set()),
        (
            {"target_group": "healthcare_staff"},
            {"se-vavnadsradet-courses", "se-vog-cell-courses", "gb-attc-e-learning"},
        ),
        (
            {"target_group": "phd_students"},
            {"se-atmp2030-introductory-course", "gb-doctoral-training-centres"},
        ),
        ({"target_group": "students", "country": "US"}, {"us-regional-workforce-model"}),
        ({"atmp_share": "substantial"}, {"se-vog-cell-courses"}),
        (
            {"atmp_share": "none"},
            {
                "se-technical-biology-engineering",
                "se-chemical-engineering",
                "se-biomedicine-programme",
                "se-pharmacist-programme",
                "se-medical-programme",
                "se-commercial-quality-courses",
            },
        ),
        ({"kind": "apprenticeship"}, {"gb-advanced-therapies-apprenticeship-community"}),
        ({"kind": "hands_on"}, {"gb-atstn-training-centres", "ca-catti-gmp-hands-on"}),
        ({"kind": "conference_course"}, {"se-atmp2030-introductory-course"}),
        ({"area": "clinical-implementation"}, {"gb-attc-e-learning"}),
        ({"area": "leadership-project-management"}, {"gb-atstn-digital-platform"}),
        (
            {"area": "quality-assurance", "atmp_share": "some"},
            {
                "se-bma-programme",
                "se-biotechnology-engineering",
                "se-pharmaceutical-programmes",
            },
        ),  # fmt: skip
    ],
)
def test_each_filter_narrows_exactly(seeded, filters, expected):
    assert keys(**filters) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("CATTI", {"ca-catti-e-learning", "ca-catti-gmp-hands-on"}),
        ("catti toronto", {"ca-catti-gmp-hands-on"}),  # every word must match
        ("Vävnadsrådet", {"se-vavnadsradet-courses", "se-vog-cell-courses"}),  # provider name
        ("apprenticeship", {"gb-advanced-therapies-apprenticeship-community"}),
        ("Ledarskap", {"gb-atstn-digital-platform"}),  # Swedish area label
        ("nothing-like-this", set()),
    ],
)
def test_full_text_search_covers_titles_descriptions_providers_and_areas(seeded, q, expected):
    assert keys(q=q) == expected


def test_area_coverage_groups_by_country_sweden_first_deepest_first(seeded):
    coverage = offerings_for_area(area=area_by_code(code="gmp-production"))

    assert [g.country for g in coverage.by_country] == ["SE", "CA", "GB", "US"]
    sweden, _, uk, _ = coverage.by_country
    assert {i["offering"].key for i in sweden.offerings} == GMP_SWEDEN
    assert {i["offering"].key for i in uk.offerings} == GMP_UK
    assert [(d, n) for d, _, n in sweden.depth_counts] == [("awareness", 5)]
    assert [(d, n) for d, _, n in uk.depth_counts] == [("working", 3)]
    assert (sweden.dedicated, uk.dedicated) == (1, 3)
    vog = next(i for i in sweden.offerings if i["offering"].key == "se-vog-cell-courses")
    assert vog["via"].code == "cell-production"
    assert coverage.total == 11
    depths = [i["depth"] for i in next(g for g in coverage.by_country if g.country == "CA").offerings]
    assert depths == ["working", "awareness"]


def test_area_without_offerings_has_no_groups(seeded):
    assert offerings_for_area(area=area_by_code(code="gene-editing")).by_country == []


def test_supply_by_area_counts_sweden_and_abroad(seeded):
    supply = {row.area.code: (row.sweden, row.abroad) for row in supply_by_area()}
    assert len(supply) == 20
    assert supply["gmp-production"] == (5, 6)
    assert supply["quality-assurance"] == (4, 0)
    assert supply["clinical-implementation"] == (0, 1)
    assert supply["gene-editing"] == (0, 0)


def test_summary_and_countries(seeded):
    assert catalogue_summary() == {"offerings": 25, "swedish": 15, "providers": 13}
    with translation.override("sv"):
        assert countries_in_catalogue() == [
            ("SE", "Sverige"),
            ("CA", "Kanada"),
            ("GB", "Storbritannien"),
            ("US", "USA"),
        ]
    with translation.override("en"):
        assert [label for _, label in countries_in_catalogue()] == [
            "Sweden",
            "Canada",
            "United Kingdom",
            "United States",
        ]
