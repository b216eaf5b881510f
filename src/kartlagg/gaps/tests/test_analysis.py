"""The gap score, on hand-made evidence: every figure is a sum over the rows behind it."""

from __future__ import annotations

import math

from kartlagg.gaps.analysis import (
    ALL_LEVELS,
    UNSPECIFIED,
    DemandEvidence,
    DemandSource,
    SupplyEvidence,
    compute_gaps,
)

AREAS = ["gmp-production", "regulatory-affairs", "bioinformatics"]
LEVELS = ["second_cycle", "third_cycle"]


def _offering(
    key: str, area: str, depth: str, *, level: str = "second_cycle", hands_on: bool = False
) -> SupplyEvidence:
    return SupplyEvidence(key, key, "Provider", area, level, depth, hands_on=hands_on, capacity=20)


def _table():
    demand = [
        DemandEvidence(
            DemandSource.SURVEY_HIRES, "gmp-production", UNSPECIFIED, "Industry", hires_min=40, hires_max=60
        ),
        DemandEvidence(
            DemandSource.PLAN, "gmp-production", UNSPECIFIED, "CCRM Nordic", hires_min=15, hires_max=30
        ),
        DemandEvidence(DemandSource.SURVEY_HARD, "gmp-production", UNSPECIFIED, "Industry", votes=4),
        DemandEvidence(
            DemandSource.ADS, "gmp-production", UNSPECIFIED, "ads SE 2020", ads=2, related_ads=4, year=2020
        ),
        DemandEvidence(
            DemandSource.ADS, "gmp-production", UNSPECIFIED, "ads SE 2021", ads=5, related_ads=6, year=2021
        ),
        DemandEvidence(
            DemandSource.SURVEY_HIRES,
            "regulatory-affairs",
            "second_cycle",
            "Industry",
            hires_min=10,
            hires_max=10,
        ),
        DemandEvidence(
            DemandSource.INTERVIEW, "regulatory-affairs", "second_cycle", "Interview A", statements=2
        ),
        DemandEvidence(
            DemandSource.SURVEY_HIRES, "unknown-area", UNSPECIFIED, "ignored", hires_min=999, hires_max=999
        ),
    ]
    supply = [
        _offering("gmp-course", "gmp-production", "working"),
        _offering("gmp-lab", "gmp-production", "expert", hands_on=True),
        _offering("ra-course", "regulatory-affairs", "awareness"),
        _offering("ra-phd", "regulatory-affairs", "expert", level="third_cycle"),
    ]
    return compute_gaps(areas=AREAS, levels=LEVELS, demand=demand, supply=supply)


def test_area_totals_add_up_the_evidence_rows():
    gmp = _table().cell("gmp-production", ALL_LEVELS)
    assert (gmp.hires_min, gmp.hires_max) == (55, 90)
    assert gmp.hard_votes == 4
    assert (gmp.ads, gmp.related_ads) == (7, 10)
    assert gmp.ads_by_year == {2020: 6, 2021: 11}
    assert gmp.ads_trend == 5
    assert (gmp.offerings, gmp.hands_on, gmp.theory, gmp.capacity) == (2, 1, 1, 40)
    # 72.5 hires (midpoints 50 + 22.5) + 5 × 4 votes + 2 × 7 ads + 0.5 × 10 related ads
    assert gmp.demand_points == 72.5 + 20 + 14 + 5
    # working 2 + expert 3 × hands-on 1.5
    assert gmp.supply_points == 2 + 4.5


def test_scores_and_ranking():
    table = _table()
    gmp, ra, bio = (table.cell(a, ALL_LEVELS) for a in AREAS)
    assert gmp.demand_index == 1.0
    assert ra.demand_points == 10 + 3 * 2
    assert math.isclose(ra.demand_index, 16 / 111.5)
    assert math.isclose(gmp.supply_index, 1 - math.exp(-6.5 / 4))
    assert math.isclose(gmp.gap, 1.0 * math.exp(-6.5 / 4))
    assert bio.gap == 0.0 and not bio.has_evidence
    assert [c.area for c in table.totals()] == ["gmp-production", "regulatory-affairs", "bioinformatics"]
    assert [c.rank for c in table.totals()] == [1, 2, 3]


def test_cells_split_by_level_and_unknown_areas_are_ignored():
    table = _table()
    assert table.levels == ["second_cycle", "third_cycle", UNSPECIFIED]
    assert table.cell("regulatory-affairs", "second_cycle").hires_max == 10
    assert table.cell("regulatory-affairs", "second_cycle").offerings == 1
    assert table.cell("regulatory-affairs", "third_cycle").offerings == 1
    assert table.cell("gmp-production", UNSPECIFIED).hires_max == 90
    assert ("unknown-area", ALL_LEVELS) not in table.cells


def test_no_evidence_gives_zero_scores_not_errors():
    table = compute_gaps(areas=AREAS, levels=LEVELS, demand=[], supply=[])
    assert all(c.gap == 0.0 and c.demand_index == 0.0 for c in table.totals())
    assert table.cell("gmp-production", ALL_LEVELS).ads_trend is None
