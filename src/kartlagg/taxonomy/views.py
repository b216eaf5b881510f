from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kartlagg.catalogue.selectors import offerings_for_area
from kartlagg.core.vocab import level_label
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import area_by_code, current_areas, current_domain_version


def area_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/area_list.html",
        {"areas": current_areas().prefetch_related("links"), "version": current_domain_version()},
    )


def area_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    try:
        area = area_by_code(code=code)
    except CompetenceArea.DoesNotExist as exc:
        raise Http404(str(exc)) from exc
    coverage = offerings_for_area(area=area)
    return render(request, "taxonomy/area_detail.html", {"area": area, "coverage": coverage, "levels": [level_label(level) for level in area.levels]})
