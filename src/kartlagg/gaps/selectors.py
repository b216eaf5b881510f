"""Read side of the gap analysis: scenarios, plans and the computed gap table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation

from kartlagg.core.vocab import EducationLevel
from kartlagg.gaps.analysis import GapTable, compute_gaps
from kartlagg.gaps.models import Plan, PlanDemand, Scenario
from kartlagg.gaps.sources import ScenarioSpec, demand_evidence, supply_evidence
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import current_areas


def scenario_list() -> QuerySet[Scenario]:
    return Scenario.objects.prefetch_related("plans").order_by("position", "key")


def scenario_by_key(*, key: str) -> Scenario | None:
    """The scenario with this key; the default one when key is empty; None when there is none."""
    qs = scenario_list()
    if key:
        return qs.filter(key=key).first()
    return qs.filter(is_default=True).first() or qs.first()


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.prefetch_related("demand__area").order_by("key")


def plan_demand_rows(*, plan_keys: tuple[str, ...]) -> QuerySet[PlanDemand]:
    return (
        PlanDemand.objects.filter(plan__key__in=plan_keys)
        .select_related("plan", "area")
        .order_by("plan__key", "area__sort_order", "area__code", "level")
    )


def scenario_spec(*, scenario: Scenario | None, survey_round: str = "") -> ScenarioSpec:
    if scenario is None:
        return ScenarioSpec(survey_round=survey_round)
    return ScenarioSpec(
        plan_keys=tuple(sorted(p.key for p in scenario.plans.all())),
        ads_from_year=scenario.ads_from_year,
        ads_to_year=scenario.ads_to_year,
        survey_round=survey_round,
    )


@dataclass
class GapResult:
    table: GapTable
    areas: dict[str, CompetenceArea]
    spec: ScenarioSpec

    def area_label(self, code: str) -> str:
        area = self.areas.get(code)
        if area is None:
            return code
        return area.label_en if translation.get_language() == "en" else area.label_sv


def gap_table(*, spec: ScenarioSpec) -> GapResult:
    areas = {a.code: a for a in current_areas()}
    table = compute_gaps(
        areas=list(areas),
        levels=[value for value, _ in EducationLevel.choices],
        demand=demand_evidence(spec=spec),
        supply=supply_evidence(),
    )
    return GapResult(table=table, areas=areas, spec=spec)
