from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kartlagg.core.vocab import country_label
from kartlagg.organisations.models import Organisation, OrganisationKind, Sector
from kartlagg.organisations.selectors import organisation_countries, organisation_list


def organisation_list_view(request: HttpRequest) -> HttpResponse:
    kind = (request.GET.get("kind") or "").strip()
    country = (request.GET.get("country") or "").strip().upper()
    organisations = list(organisation_list(kind=kind or None, country=country or None))
    for org in organisations:
        org.country_name = country_label(org.country)  # type: ignore[attr-defined]
    return render(
        request,
        "organisations/list.html",
        {
            "organisations": organisations,
            "kinds": OrganisationKind.choices,
            "countries": [(code, country_label(code)) for code in organisation_countries()],
            "selected_kind": kind,
            "selected_country": country,
        },
    )


def organisation_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "organisations/detail.html",
        {
            "org": org,
            "country": country_label(org.country),
            "sector": dict(Sector.choices).get(org.sector, org.sector),
            "offerings": org.offerings.order_by("title_sv", "title_en"),
        },
    )
