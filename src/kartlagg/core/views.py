from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kartlagg.catalogue.selectors import catalogue_summary, supply_by_area
from kartlagg.taxonomy.selectors import current_areas


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"areas": current_areas(), "catalogue": catalogue_summary(), "supply": supply_by_area()},
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")
