"""Job-ad evidence from the store (the illustrative ad sample), and a scenario switching the ad period."""

from __future__ import annotations

import pytest

from kartlagg.gaps.adapters import ads_demand_evidence
from kartlagg.gaps.analysis import DemandSource
from kartlagg.gaps.selectors import gap_table, scenario_by_key, scenario_spec
from kartlagg.gaps.services import gaps_load_demo


@pytest.fixture
def ads_loaded(seeded_catalogue):
    from kartlagg.jobads.services import load_demo

    load_demo()
    gaps_load_demo()


def test_ads_per_area_and_year_and_the_period_switch(ads_loaded):
    every = ads_demand_evidence(from_year=None, to_year=None)
    assert every and all(e.source == DemandSource.ADS and e.area and e.year for e in every)
    assert {e.year for e in every} == {2021, 2022}
    assert all("/jobads/?relevance=" in e.url for e in every)  # /en/jobads/... when English is active
    later = ads_demand_evidence(from_year=2022, to_year=None)
    assert later == [e for e in every if e.year == 2022]

    spec = scenario_spec(scenario=scenario_by_key(key="with-ccrm-nordic-ads-2022"))
    table = gap_table(spec=spec).table
    ads_2022 = sum(e.ads + e.related_ads for e in later)
    assert sum(c.ads + c.related_ads for c in table.totals()) == ads_2022
    assert all(set(c.ads_by_year) <= {2022} for c in table.totals())
