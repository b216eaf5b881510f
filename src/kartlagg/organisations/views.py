from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.organisations.selectors import organisation_list


def organisation_list_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    country = request.GET.get("country") or None
    return render(
        request,
        "organisations/list.html",
        {
            "organisations": organisation_list(kind=kind, country=country),
            "kinds": OrganisationKind.choices,
            "selected_kind": kind or "",
        },
    )


def organisation_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    return render(request, "organisations/detail.html", {"org": org, "offerings": org.offerings.all()})
