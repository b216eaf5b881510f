"""The education catalogue: offerings with the competence areas they cover."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from kartlagg.api.schemas import ITEM_ERRORS, READ_ERRORS, PageParams, Text, errors
from kartlagg.catalogue.models import AtmpShare, Format, Offering, OfferingKind, TargetGroup
from kartlagg.catalogue.selectors import CatalogueFilters, offering_list
from kartlagg.core.vocab import EducationLevel

router = Router(tags=["catalogue"])


class ProviderOut(Schema):
    slug: str
    name: str


class CoverageOut(Schema):
    area: str
    depth: str


class OfferingOut(Schema):
    id: int
    key: str
    title_sv: str
    title_en: str
    kind: str
    provider: ProviderOut
    country: str
    city: str
    level: str
    format: str
    target_groups: list[str]
    capacity: int | None
    atmp_share: str
    start_date: dt.date | None
    end_date: dt.date | None
    url: str
    areas: list[CoverageOut]


class OfferingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OfferingOut]


class OfferingFilters(PageParams):
    area: Text(80) | None = None  # type: ignore[valid-type]
    country: Text(2) | None = None  # type: ignore[valid-type]
    level: EducationLevel | None = None
    format: Format | None = None
    target_group: TargetGroup | None = None
    atmp_share: AtmpShare | None = None
    kind: OfferingKind | None = None
    q: Text(200) | None = None  # type: ignore[valid-type]


def offering_out(offering: Offering) -> OfferingOut:
    return OfferingOut(
        id=offering.pk,
        key=offering.key,
        title_sv=offering.title_sv,
        title_en=offering.title_en,
        kind=offering.kind,
        provider=ProviderOut(slug=offering.provider.slug, name=offering.provider.name),
        country=offering.country,
        city=offering.city,
        level=offering.level,
        format=offering.format,
        target_groups=[str(t) for t in offering.target_groups or []],
        capacity=offering.capacity,
        atmp_share=offering.atmp_share,
        start_date=offering.start_date,
        end_date=offering.end_date,
        url=offering.url,
        areas=[CoverageOut(area=c.area.code, depth=c.depth) for c in offering.coverage.all()],
    )


@router.get(
    "/offerings",
    response={200: OfferingPage, **errors(*READ_ERRORS)},
    summary="Offerings, filtered and paged",
)
def offering_list_endpoint(request: HttpRequest, filters: Query[OfferingFilters]) -> OfferingPage:
    params = {name: str(value) for name, value in filters.dict().items() if value not in (None, "")}
    qs = offering_list(filters=CatalogueFilters.from_query(params))
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return OfferingPage(
        count=qs.count(), limit=filters.limit, offset=filters.offset, items=[offering_out(o) for o in page]
    )


@router.get(
    "/offerings/{offering_id}", response={200: OfferingOut, **errors(*ITEM_ERRORS)}, summary="One offering"
)
def offering_detail_endpoint(request: HttpRequest, offering_id: int) -> OfferingOut:
    offering = get_object_or_404(
        Offering.objects.select_related("provider").prefetch_related("coverage__area"), pk=offering_id
    )
    return offering_out(offering)
