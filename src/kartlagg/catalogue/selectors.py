"""Read side of the catalogue: filtered lists, coverage per competence area, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from kartlagg.catalogue.models import AtmpShare, Offering, OfferingArea
from kartlagg.core.vocab import Depth, country_label
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import current_areas


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


def area_codes_within(code: str, *, parents: dict[str, str | None] | None = None) -> set[str]:
    """The area and every area below it: an offering on GMP cell production is also GMP production."""
    if parents is None:
        parents = dict(current_areas().values_list("code", "parent__code"))
    if code not in parents:
        return {code}
    found = {code}
    grew = True
    while grew:
        below = {child for child, parent in parents.items() if parent in found} - found
        found |= below
        grew = bool(below)
    return found


def offering_list(*, filters: CatalogueFilters) -> QuerySet[Offering]:
    """Offerings matching every given filter; an area filter includes the areas below it."""
    qs = Offering.objects.select_related("provider").prefetch_related("coverage__area")
    if filters.area:
        qs = qs.filter(
            coverage__area__code__in=area_codes_within(filters.area),
            coverage__area__domain__slug=settings.KARTLAGG_DOMAIN,
        )
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
        # icontains folds å ä ö é ü on SQLite too (kartlagg.core.textsearch), as PostgreSQL does.
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
    # Sweden first: every page compares what Sweden offers with the other countries.
    sweden_first = Case(When(country="SE", then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.distinct().order_by(sweden_first, "country", "title_sv", "title_en")


@dataclass
class CountryGroup:
    country: str
    country_label: str
    offerings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def depth_counts(self) -> list[tuple[str, str, int]]:
        """(depth, label, how many offerings) from expert down, for a one-line comparison."""
        return [
            (depth.value, str(depth.label), n)
            for depth in (Depth.EXPERT, Depth.WORKING, Depth.AWARENESS)
            if (n := sum(1 for item in self.offerings if item["depth"] == depth))
        ]

    @property
    def dedicated(self) -> int:
        return sum(1 for item in self.offerings if item["offering"].atmp_share == AtmpShare.DEDICATED)


@dataclass
class AreaCoverage:
    area: CompetenceArea
    by_country: list[CountryGroup]

    @property
    def total(self) -> int:
        return sum(len(g.offerings) for g in self.by_country)


_DEPTH_ORDER: dict[str, int] = {Depth.EXPERT: 0, Depth.WORKING: 1, Depth.AWARENESS: 2}


def offerings_for_area(*, area: CompetenceArea) -> AreaCoverage:
    """Offerings covering ``area`` or an area below it, grouped by country (Sweden first), deepest first.

    Each item is {"offering", "depth", "depth_label", "via"}; ``via`` is the narrower area an offering
    was mapped to (None when mapped to ``area`` itself). An offering mapped to several areas in the
    subtree appears once, with its deepest coverage.
    """
    codes = area_codes_within(area.code)
    links = (
        OfferingArea.objects.filter(area__domain_id=area.domain_id, area__code__in=codes)
        .select_related("offering__provider", "area")
        .order_by("offering__country", "offering__key")
    )
    best: dict[int, OfferingArea] = {}
    for link in links:
        current = best.get(link.offering_id)
        if (
            current is None
            or _DEPTH_ORDER.get(link.depth, 9) < _DEPTH_ORDER.get(current.depth, 9)
            or (
                _DEPTH_ORDER.get(link.depth, 9) == _DEPTH_ORDER.get(current.depth, 9)
                and link.area_id == area.pk
            )
        ):
            best[link.offering_id] = link
    groups: dict[str, CountryGroup] = {}
    for link in best.values():
        offering = link.offering
        group = groups.get(offering.country)
        if group is None:
            group = groups[offering.country] = CountryGroup(offering.country, country_label(offering.country))
        group.offerings.append(
            {
                "offering": offering,
                "depth": link.depth,
                "depth_label": link.get_depth_display(),
                "via": None if link.area_id == area.pk else link.area,
            }
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
    return sorted(((c, country_label(c)) for c in codes), key=lambda pair: (pair[0] != "SE", pair[1]))


@dataclass(frozen=True)
class AreaSupply:
    area: CompetenceArea
    sweden: int
    abroad: int


def supply_by_area() -> list[AreaSupply]:
    """For each current area: how many offerings cover it (or an area below it) in Sweden and abroad."""
    areas = list(current_areas())
    parents = {a.code: (a.parent.code if a.parent else None) for a in areas}
    direct: dict[str, set[tuple[int, bool]]] = {a.code: set() for a in areas}
    links = OfferingArea.objects.filter(area__in=areas).values_list(
        "area__code", "offering_id", "offering__country"
    )
    for code, offering_id, country in links:
        direct[code].add((offering_id, country == "SE"))
    result = []
    for area in areas:
        pairs: set[tuple[int, bool]] = set()
        for code in area_codes_within(area.code, parents=parents):
            pairs |= direct.get(code, set())
        result.append(
            AreaSupply(
                area=area, sweden=sum(1 for _, se in pairs if se), abroad=sum(1 for _, se in pairs if not se)
            )
        )
    return result
