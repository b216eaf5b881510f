from __future__ import annotations

from django.db.models import Count, QuerySet

from kartlagg.organisations.models import Organisation


def organisation_list(*, kind: str | None = None, country: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.annotate(offering_count=Count("offerings", distinct=True))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country)
    return qs.order_by("name")


def organisation_countries() -> list[str]:
    """Country codes that have an organisation, Sweden first."""
    codes = set(Organisation.objects.order_by().values_list("country", flat=True).distinct())
    return sorted(codes, key=lambda code: (code != "SE", code))
