"""Read side of the catalogue: filtered lists, coverage per competence area, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from kartlagg.catalogue.models import Offering
from kartlagg.core.vocab import Country, Depth
from kartlagg.taxonomy.models import CompetenceArea


@dataclass(frozen=True)
class CatalogueFilters:
    area: str = ""
    country: str = ""
    level: str = ""
    format: str = ""
    target_group: str = ""
    atmp_share: str = ""
    kind: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> CatalogueFilters:
        return cls(**{name: (params.get(name) or "").strip() for name in cls.__dataclass_fields__})

    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def offering_list(*, filters: CatalogueFilters) -> QuerySet[Offering]:
    qs = Offering.objects.select_related("provider").prefetch_related("coverage__area")
    if filters.area:
        qs = qs.filter(coverage__area__code=filters.area)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.format:
        qs = qs.filter(format=filters.format)
    if filters.atmp_share:
        qs = qs.filter(atmp_share=filters.atmp_share)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.target_group:
        # JSON list containment differs between SQLite and PostgreSQL; match the quoted item instead.
        qs = qs.filter(target_groups__icontains=f'"{filters.target_group}"')
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(title_sv__icontains=word)
                | Q(title_en__icontains=word)
                | Q(description_sv__icontains=word)
                | Q(description_en__icontains=word)
                | Q(provider__name__icontains=word)
                | Q(city__icontains=word)
                | Q(coverage__area__label_sv__icontains=word)
                | Q(coverage__area__label_en__icontains=word)
            )
    return qs.distinct().order_by("country", "title_sv", "title_en")


@dataclass
class CountryGroup:
    country: str
    country_label: str
    offerings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AreaCoverage:
    area: CompetenceArea
    by_country: list[CountryGroup]

    @property
    def total(self) -> int:
        return sum(len(g.offerings) for g in self.by_country)


_DEPTH_ORDER = {Depth.EXPERT: 0, Depth.WORKING: 1, Depth.AWARENESS: 2}


def offerings_for_area(*, area: CompetenceArea) -> AreaCoverage:
    """Offerings covering ``area``, grouped by country (Sweden first), deepest coverage first."""
    groups: dict[str, CountryGroup] = {}
    links = area.coverage.select_related("offering__provider").order_by("offering__country")
    for link in links:
        offering = link.offering
        group = groups.get(offering.country)
        if group is None:
            group = groups[offering.country] = CountryGroup(offering.country, _country_label(offering.country))
        group.offerings.append(
            {"offering": offering, "depth": link.depth, "depth_label": link.get_depth_display()}
        )
    for group in groups.values():
        group.offerings.sort(key=lambda item: (_DEPTH_ORDER.get(item["depth"], 9), item["offering"].title))
    ordered = sorted(groups.values(), key=lambda g: (g.country != "SE", g.country))
    return AreaCoverage(area=area, by_country=ordered)


def catalogue_summary() -> dict[str, int]:
    qs = Offering.objects.all()
    return {
        "offerings": qs.count(),
        "swedish": qs.filter(country="SE").count(),
        "providers": qs.values("provider").distinct().count(),
    }


def countries_in_catalogue() -> list[tuple[str, str]]:
    codes = Offering.objects.order_by().values_list("country", flat=True).distinct()
    return sorted(((c, _country_label(c)) for c in codes), key=lambda pair: (pair[0] != "SE", pair[1]))


def _country_label(code: str) -> str:
    try:
        return str(Country(code).label)
    except ValueError:
        return code
