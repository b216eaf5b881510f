"""Free-text regions as they occur in the data reduce to one of Sweden's 21 counties."""

from __future__ import annotations

import pytest

from kartlagg.dashboard.regions import COUNTIES, county_for


@pytest.mark.parametrize(
    ("region", "city", "code"),
    [
        ("Region Stockholm", "", "AB"),
        ("Stockholms län", "", "AB"),
        ("Västra Götalandsregionen", "", "O"),
        ("Västra Götalands län", "", "O"),
        ("Västerbotten", "", "AC"),
        ("Västernorrland", "Matfors", "Y"),
        ("Region Jämtland Härjedalen", "", "Z"),
        ("Jönköpings län", "", "F"),
        ("Region Örebro län", "", "T"),
        ("", "Lund", "M"),
        ("", "Göteborg", "O"),
        ("", "Oslo", ""),
        ("", "", ""),
        ("Uusimaa", "", ""),
    ],
)
def test_county_for(region, city, code):
    assert county_for(region, city) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [("Uppsala universitet", "C"), ("Lunds universitet", "M"), ("Karolinska Institutet", "AB"),
     ("Svenska lärosäten", "")],
)  # fmt: skip
def test_an_organisation_name_places_it_when_region_and_city_are_empty(name, code):
    assert county_for("", "", name) == code


def test_twenty_one_counties_each_on_its_own_tile():
    assert len(COUNTIES) == 21
    assert len({(c.col, c.row) for c in COUNTIES}) == 21
