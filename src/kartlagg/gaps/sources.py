"""Evidence for the gap analysis, gathered from the other apps through their selectors only.

Each collector returns plain evidence rows (kartlagg.gaps.analysis); a collector whose app is not
installed returns nothing, so the gap page works with whatever parts of kartlagg are present.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from kartlagg.gaps.analysis import DemandEvidence, DemandSource, SupplyEvidence

HANDS_ON_KINDS = frozenset({"hands_on", "apprenticeship"})


@dataclass(frozen=True)
class ScenarioSpec:
    """What a scenario switches, as plain values (a Scenario row, or a default)."""

    plan_keys: tuple[str, ...] = ()
    ads_from_year: int | None = None
    ads_to_year: int | None = None
    survey_round: str = ""
    notes: tuple[str, ...] = field(default=())


def url_or_blank(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def supply_evidence(*, country: str = "SE") -> list[SupplyEvidence]:
    """One row per (Swedish offering, covered area): the supply side of every cell."""
    from kartlagg.catalogue.selectors import CatalogueFilters, offering_list

    rows: list[SupplyEvidence] = []
    for offering in offering_list(filters=CatalogueFilters(country=country)):
        for link in offering.coverage.all():
            rows.append(
                SupplyEvidence(
                    offering_key=offering.key,
                    title=offering.title,
                    provider=offering.provider.name,
                    area=link.area.code,
                    level=offering.level,
                    depth=link.depth,
                    format=offering.format,
                    capacity=offering.capacity,
                    hands_on=offering.kind in HANDS_ON_KINDS,
                    url=url_or_blank("catalogue:detail", offering.pk),
                )
            )
    return rows


def plan_evidence(*, plan_keys: tuple[str, ...]) -> list[DemandEvidence]:
    from kartlagg.gaps.selectors import plan_demand_rows

    rows: list[DemandEvidence] = []
    for item in plan_demand_rows(plan_keys=plan_keys):
        rows.append(
            DemandEvidence(
                source=DemandSource.PLAN,
                area=item.area.code,
                level=item.level,
                label=item.plan.name,
                hires_min=item.hires_min,
                hires_max=item.hires_max,
                url=url_or_blank("gaps:plan", item.plan.key),
                ref=f"plan:{item.plan.key}:{item.area.code}:{item.level}",
                illustrative=item.plan.illustrative,
            )
        )
    return rows


def survey_evidence(*, survey_round: str) -> list[DemandEvidence]:
    if not apps.is_installed("kartlagg.surveys"):
        return []
    from kartlagg.gaps.adapters import survey_demand_evidence

    return survey_demand_evidence(survey_round=survey_round)


def ads_evidence(*, from_year: int | None, to_year: int | None) -> list[DemandEvidence]:
    if not apps.is_installed("kartlagg.jobads"):
        return []
    from kartlagg.gaps.adapters import ads_demand_evidence

    return ads_demand_evidence(from_year=from_year, to_year=to_year)


def interview_evidence(*, survey_round: str) -> list[DemandEvidence]:
    if not apps.is_installed("kartlagg.interviews"):
        return []
    from kartlagg.gaps.adapters import interview_demand_evidence

    return interview_demand_evidence(survey_round=survey_round)


def demand_evidence(*, spec: ScenarioSpec) -> list[DemandEvidence]:
    return [
        *survey_evidence(survey_round=spec.survey_round),
        *plan_evidence(plan_keys=spec.plan_keys),
        *ads_evidence(from_year=spec.ads_from_year, to_year=spec.ads_to_year),
        *interview_evidence(survey_round=spec.survey_round),
    ]
