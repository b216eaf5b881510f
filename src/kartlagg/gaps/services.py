"""Write side of the gap analysis: plans and scenarios (the demo's CCRM Nordic plan included)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kartlagg.gaps.models import Plan, PlanDemand, PlanKind, Scenario
from kartlagg.taxonomy.selectors import area_by_code


@dataclass(frozen=True)
class PlanPart:
    area: str
    level: str
    hires_min: int
    hires_max: int


@transaction.atomic
def plan_upsert(
    *,
    key: str,
    name_sv: str,
    name_en: str,
    kind: str,
    hires_min: int,
    hires_max: int,
    parts: list[PlanPart],
    period: str = "",
    source: str = "",
    illustrative: bool = False,
) -> Plan:
    """Create or replace the plan with this key, its split over areas included (idempotent)."""
    plan = Plan.objects.filter(key=key).first() or Plan(key=key)
    for name, value in {
        "name_sv": name_sv,
        "name_en": name_en,
        "kind": kind,
        "hires_min": hires_min,
        "hires_max": hires_max,
        "period": period,
        "source": source,
        "illustrative": illustrative,
    }.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    plan.demand.all().delete()
    for index, part in enumerate(parts, start=1):
        try:
            area = area_by_code(code=part.area)
        except Exception as exc:
            raise ValueError(f"plan {key!r}, part {index}: {exc}") from exc
        row = PlanDemand(
            plan=plan, area=area, level=part.level, hires_min=part.hires_min, hires_max=part.hires_max
        )
        row.full_clean()
        row.save()
    return plan


@transaction.atomic
def scenario_upsert(
    *,
    key: str,
    name_sv: str,
    name_en: str,
    plan_keys: list[str],
    description_sv: str = "",
    description_en: str = "",
    ads_from_year: int | None = None,
    ads_to_year: int | None = None,
    position: int = 0,
    is_default: bool = False,
) -> Scenario:
    plans = list(Plan.objects.filter(key__in=plan_keys))
    missing = sorted(set(plan_keys) - {p.key for p in plans})
    if missing:
        raise ValueError(f"scenario {key!r}: unknown plan(s) {', '.join(missing)}")
    if is_default:
        Scenario.objects.exclude(key=key).filter(is_default=True).update(is_default=False)
    scenario = Scenario.objects.filter(key=key).first() or Scenario(key=key)
    scenario.name_sv, scenario.name_en = name_sv, name_en
    scenario.description_sv, scenario.description_en = description_sv, description_en
    scenario.ads_from_year, scenario.ads_to_year = ads_from_year, ads_to_year
    scenario.position, scenario.is_default = position, is_default
    scenario.full_clean()
    scenario.save()
    scenario.plans.set(plans)
    return scenario


# CCRM Nordic: the 2022 report publishes 50–100 hires within five years of its start. The split over
# competence areas below is ILLUSTRATIVE (the report gives only the total): a manufacturing and process
# development infrastructure like CCRM in Toronto hires mostly for production, process and quality.
CCRM_NORDIC_PARTS = [
    PlanPart("gmp-production", "", 15, 30),
    PlanPart("cell-production", "", 10, 20),
    PlanPart("viral-vector-production", "", 5, 10),
    PlanPart("process-development", "", 10, 20),
    PlanPart("quality-control", "", 5, 10),
    PlanPart("quality-assurance", "", 5, 10),
]


def gaps_load_demo() -> str:
    """The CCRM Nordic plan and the scenarios with and without it (idempotent)."""
    plan_upsert(
        key="ccrm-nordic",
        name_sv="CCRM Nordic (planerad infrastruktur)",
        name_en="CCRM Nordic (planned infrastructure)",
        kind=PlanKind.INFRASTRUCTURE,
        hires_min=50,
        hires_max=100,
        period="5 år efter start / 5 years after start",
        source="Kartläggning av utbildning och kompetensbehov inom ATMP, 2022 (total); split illustrative",
        parts=CCRM_NORDIC_PARTS,
        illustrative=True,
    )
    scenario_upsert(
        key="baseline",
        name_sv="Enkät, annonser och intervjuer",
        name_en="Survey, ads and interviews",
        description_sv="Efterfrågan som organisationerna själva uppgett, utan planerade infrastrukturer.",
        description_en="Demand stated by the organisations themselves, without planned infrastructures.",
        plan_keys=[],
        position=1,
        is_default=True,
    )
    scenario_upsert(
        key="with-ccrm-nordic",
        name_sv="Med CCRM Nordic",
        name_en="With CCRM Nordic",
        description_sv="Som ovan, plus CCRM Nordics 50–100 rekryteringar om infrastrukturen etableras.",
        description_en="As above, plus CCRM Nordic's 50–100 hires if the infrastructure is established.",
        plan_keys=["ccrm-nordic"],
        position=2,
    )
    scenario_upsert(
        key="with-ccrm-nordic-ads-2022",
        name_sv="Med CCRM Nordic, annonser från 2022",
        name_en="With CCRM Nordic, ads from 2022",
        description_sv="Som ovan, men bara platsannonser publicerade 2022 eller senare.",
        description_en="As above, but only job ads published in 2022 or later.",
        plan_keys=["ccrm-nordic"],
        ads_from_year=2022,
        position=3,
    )
    return f"{Plan.objects.count()} plans, {Scenario.objects.count()} scenarios"
