"""Survey evidence for the gap analysis, on the illustrative 2022 round: disclosure-controlled, planned
infrastructures left to plans, hires split over levels by the sector's level distribution."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from kartlagg.gaps.adapters import public_survey_tables, resolve_round, split_exact, survey_demand_evidence
from kartlagg.gaps.analysis import ALL_LEVELS, DemandSource
from kartlagg.gaps.selectors import gap_table, scenario_by_key, scenario_spec
from kartlagg.gaps.services import gaps_load_demo


@pytest.fixture
def survey_round(seeded_catalogue):
    from kartlagg.surveys.demo import load_demo

    load_demo()
    gaps_load_demo()
    return resolve_round("")


def test_split_exact_keeps_the_total():
    assert split_exact(55, [10, 20, 35, 25, 10]) == [6, 11, 19, 14, 5]
    assert sum(split_exact(7, [1, 1, 1])) == 7
    assert split_exact(5, [0, 0]) == [0, 0]


def test_survey_evidence_on_the_2022_round(survey_round):
    # The public tables leave the planned infrastructure (CCRM Nordic) out, so healthcare is shown.
    tables = public_survey_tables(survey_round=survey_round)
    assert tables.demand.col_keys == ("industry", "healthcare")
    totals = dict(zip(tables.demand.col_keys, tables.demand.totals.cells, strict=True))
    assert (totals["industry"].value.lo, totals["industry"].value.hi) == (400, 400)
    assert (totals["healthcare"].value.lo, totals["healthcare"].value.hi) == (60, 60)
    assert not totals["healthcare"].suppressed

    evidence = survey_demand_evidence(survey_round=str(survey_round.pk))
    hires = [e for e in evidence if e.source == DemandSource.SURVEY_HIRES]
    assert sum(e.hires_max for e in hires) == 460  # 400 companies + 60 healthcare; CCRM is a plan
    split = [e for e in hires if e.level]
    assert {e.level for e in split} == {
        "vocational",
        "first_cycle",
        "second_cycle",
        "third_cycle",
        "professional",
    }
    estimated = gettext(
        "level split estimated from the sector's level distribution"
    )  # in the active language
    assert all(estimated in e.label and e.ref.endswith(f":{e.level}") for e in split)
    votes = {e.area: e.votes for e in evidence if e.source == DemandSource.SURVEY_HARD}
    # CCRM Nordic named GMP production too; as a plan its answers are not survey evidence here.
    assert votes["cell-production"] == 16 and votes["gmp-production"] == 8

    # Switching on the CCRM Nordic scenario adds exactly its 50–100 hires.
    key = str(survey_round.pk)
    base = gap_table(spec=scenario_spec(scenario=scenario_by_key(key="baseline"), survey_round=key))
    ccrm = gap_table(spec=scenario_spec(scenario=scenario_by_key(key="with-ccrm-nordic"), survey_round=key))
    assert sum(c.hires_max for c in base.table.totals()) == 460
    assert sum(c.hires_min for c in ccrm.table.totals()) == 460 + 50
    assert sum(c.hires_max for c in ccrm.table.totals()) == 460 + 100
    gmp = base.table.cell("gmp-production", ALL_LEVELS)
    assert (gmp.hires_min, gmp.hires_max, gmp.hard_votes) == (65, 65, 8)
