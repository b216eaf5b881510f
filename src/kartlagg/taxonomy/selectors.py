"""Read side of the taxonomy."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from kartlagg.taxonomy.models import CompetenceArea, DomainVersion


def current_areas(*, domain: str | None = None) -> QuerySet[CompetenceArea]:
    return (
        CompetenceArea.objects.filter(domain__slug=domain or settings.KARTLAGG_DOMAIN, active=True)
        .select_related("parent")
        .order_by("sort_order", "code")
    )


def area_by_code(*, code: str, domain: str | None = None) -> CompetenceArea:
    """The area with this id, or CompetenceArea.DoesNotExist naming the unknown code."""
    try:
        return CompetenceArea.objects.get(domain__slug=domain or settings.KARTLAGG_DOMAIN, code=code)
    except CompetenceArea.DoesNotExist as exc:
        raise CompetenceArea.DoesNotExist(f"unknown competence area {code!r}") from exc


def current_domain_version(*, domain: str | None = None) -> DomainVersion | None:
    return DomainVersion.objects.filter(
        domain__slug=domain or settings.KARTLAGG_DOMAIN, is_current=True
    ).first()


def domain_versions(*, domain: str | None = None) -> QuerySet[DomainVersion]:
    """Every version of the domain ever installed, newest first."""
    return DomainVersion.objects.filter(domain__slug=domain or settings.KARTLAGG_DOMAIN).order_by(
        "-loaded_at", "-pk"
    )
