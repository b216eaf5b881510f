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


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_map_tile_text_meets_wcag_aa_contrast_on_every_fill():
    from kartlagg.dashboard.views import DARK_FROM, FILLS

    for step, fill in enumerate(FILLS):
        ink = "#ffffff" if step >= DARK_FROM else "#1b1f24"
        high, low = sorted((_luminance(fill), _luminance(ink)), reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 4.5, (fill, ink)
