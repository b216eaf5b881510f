"""The illustrative 2022 round reproduces the figures the 2022 report published."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kartlagg.surveys import selectors
from kartlagg.surveys.aggregate import TOTAL, Range
from kartlagg.surveys.demo import COMPANIES, PUBLISHED, REGIONS, demo_round_create, load_demo


@pytest.fixture
def demo_round(atmp_domain: Any):
    round_, created = demo_round_create()
    assert created
    return round_


def test_demo_aggregates_equal_the_published_figures(demo_round) -> None:
    table = selectors.published_demand_table(round=demo_round, viewer_is_coordinator=True)
    assert table.illustrative
    assert table.cell(TOTAL, "industry").value == Range(*PUBLISHED.industry_total)
    assert table.cell(TOTAL, "healthcare").value == Range(*PUBLISHED.healthcare_total)
    assert table.cell(TOTAL, "infrastructure").value == Range(*PUBLISHED.infrastructure_total)
    assert table.cell(TOTAL, TOTAL).value == Range(510, 560)  # "over 500 people"

    top5 = {code for code, _ in selectors.demand_ranking(round=demo_round, viewer_is_coordinator=True)[:5]}
    assert top5 == PUBLISHED.top_demanded
    hardest = [item.code for item in selectors.hard_to_find_ranking(round=demo_round)[:3]]
    assert hardest == list(PUBLISHED.hardest_to_find)

    willing = {row.sector: row for row in selectors.willingness_by_sector(round=demo_round)}
    assert willing["healthcare"].share_willing == PUBLISHED.regions_willing_share
    assert (willing["industry"].willing, willing["industry"].responded) == (16, 18)
    assert round(float(willing["industry"].share_willing), 1) == PUBLISHED.companies_willing_share_rounded


def test_demo_round_has_the_report_appendix_organisations(demo_round) -> None:
    rates = {row.key: row for row in selectors.response_rate(round=demo_round)}
    assert (rates["healthcare"].invited, rates["healthcare"].submitted) == (7, len(REGIONS))
    assert (rates["industry"].invited, rates["industry"].submitted) == (len(COMPANIES), 18)
    assert (rates[TOTAL].invited, rates[TOTAL].submitted) == (26, 25)


def test_level_totals_agree_with_area_totals(demo_round) -> None:
    by_area = selectors.published_demand_table(round=demo_round, viewer_is_coordinator=True)
    by_level = selectors.published_level_table(round=demo_round, viewer_is_coordinator=True)
    for sector in by_area.col_keys:
        assert by_area.cell(TOTAL, sector).value == by_level.cell(TOTAL, sector).value


def test_public_view_hides_the_single_infrastructure_and_what_would_reveal_it(demo_round) -> None:
    public = selectors.published_demand_table(round=demo_round, viewer_is_coordinator=False)
    assert (
        public.cell(TOTAL, "infrastructure").suppressed and public.cell(TOTAL, "infrastructure").value is None
    )
    assert all(
        row.cells[public.col_keys.index("infrastructure")].value in (None, Range(0, 0)) for row in public.rows
    )
    # Grand total minus the shown sector totals must not give CCRM Nordic's 50–100 back.
    shown = [c.value for c in public.totals.cells if c.value is not None]
    assert public.totals.total.value is None or len(shown) < len(public.col_keys) - 1
    level = selectors.published_level_table(round=demo_round, viewer_is_coordinator=False)
    assert [c.suppressed for c in level.totals.cells] == [c.suppressed for c in public.totals.cells]
    estimates = selectors.nonresponse_corrected_estimate(round=demo_round, viewer_is_coordinator=False)
    assert {e.sector for e in estimates} <= {
        public.col_keys[i] for i, c in enumerate(public.totals.cells) if c.value
    }


def test_demo_is_idempotent_and_labelled_on_the_page(demo_round, django_user_model) -> None:
    assert load_demo().startswith("illustrative 2022 round unchanged: 25 of 26")
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client = Client()
    client.force_login(admin)
    page = client.get(f"/en/surveys/{demo_round.pk}/results/").content.decode()
    assert "Illustrative round" in page
    assert "400" in page and "50–100" in page
