"""The gap page: ranking and heat map, scenario switch, drill-down to the evidence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kartlagg.gaps.models import Plan, Scenario
from kartlagg.gaps.services import PlanPart, gaps_load_demo, plan_upsert


@pytest.fixture
def demo_plans(seeded_catalogue):
    gaps_load_demo()


def test_demo_has_ccrm_nordic_with_50_to_100_hires_and_three_scenarios(demo_plans):
    plan = Plan.objects.get(key="ccrm-nordic")
    assert (plan.hires_min, plan.hires_max) == (50, 100)
    assert sum(d.hires_min for d in plan.demand.all()) == 50
    assert sum(d.hires_max for d in plan.demand.all()) == 100
    assert list(Scenario.objects.values_list("key", "is_default", "ads_from_year")) == [
        ("baseline", True, None),
        ("with-ccrm-nordic", False, None),
        ("with-ccrm-nordic-ads-2022", False, 2022),
    ]
    gaps_load_demo()  # idempotent
    assert Plan.objects.count() == 1 and plan.demand.count() == 6


def test_switching_the_scenario_adds_the_plan_to_the_ranking(client, demo_plans):
    base = client.get(reverse("gaps:ranking"))
    assert base.status_code == 200
    with_ccrm = client.get(reverse("gaps:ranking"), {"scenario": "with-ccrm-nordic"})
    gmp_base = next(r["cell"] for r in base.context["ranking"] if r["cell"].area == "gmp-production")
    gmp_ccrm = next(r["cell"] for r in with_ccrm.context["ranking"] if r["cell"].area == "gmp-production")
    assert (gmp_ccrm.hires_min - gmp_base.hires_min, gmp_ccrm.hires_max - gmp_base.hires_max) == (15, 30)
    assert "CCRM Nordic" in with_ccrm.content.decode()


def test_drill_down_lists_the_rows_behind_a_cell(client, demo_plans):
    url = reverse("gaps:cell", args=["gmp-production", "all"])
    page = client.get(url, {"scenario": "with-ccrm-nordic"}).content.decode()
    assert reverse("gaps:plan", args=["ccrm-nordic"]) in page
    # The English page names the plan in English (the path, not test order, decides the language).
    english = client.get("/en" + url, {"scenario": "with-ccrm-nordic"})
    cell, page = english.context["cell"], english.content.decode()
    assert [e.label for e in cell.demand if e.source == "plan"] == ["CCRM Nordic (planned infrastructure)"]
    # Every Swedish offering covering GMP production is listed with a link to its catalogue page.
    assert cell.offerings == len(cell.supply) > 0
    for s in cell.supply:
        assert s.url and s.url in page


def test_heat_map_links_every_cell_with_evidence(client, demo_plans):
    response = client.get(reverse("gaps:ranking"), {"scenario": "with-ccrm-nordic"})
    page = response.content.decode()
    for row in response.context["heat_rows"]:
        for item in row["cells"]:
            if item["step"] is not None:
                assert reverse("gaps:cell", args=[row["area"], item["slug"]]) in page


def test_english_page(client, demo_plans):
    page = client.get("/en/gaps/").content.decode()
    assert "Gap analysis" in page and "Ranking" in page


def test_a_plan_part_with_an_unknown_area_is_refused_naming_the_part(atmp_domain):
    with pytest.raises(ValueError, match=r"plan 'x', part 2: .*unknown competence area 'no-such-area'"):
        plan_upsert(
            key="x",
            name_sv="X",
            name_en="X",
            kind="region",
            hires_min=1,
            hires_max=2,
            parts=[PlanPart("cmc", "", 1, 1), PlanPart("no-such-area", "", 1, 1)],
        )
    assert not Plan.objects.filter(key="x").exists()
