from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kartlagg.catalogue.files import FORMATS
from kartlagg.catalogue.models import AtmpShare, Format, Offering, OfferingKind, TargetGroup
from kartlagg.catalogue.selectors import CatalogueFilters, countries_in_catalogue, offering_list
from kartlagg.catalogue.services import catalogue_export_file
from kartlagg.core.vocab import EducationLevel
from kartlagg.taxonomy.selectors import current_areas


def offering_list_view(request: HttpRequest) -> HttpResponse:
    filters = CatalogueFilters.from_query(request.GET)
    offerings = list(offering_list(filters=filters))
    by_country: dict[str, int] = {}
    for offering in offerings:
        by_country[offering.country] = by_country.get(offering.country, 0) + 1
    countries = countries_in_catalogue()
    return render(
        request,
        "catalogue/list.html",
        {
            "offerings": offerings,
            "filters": filters,
            "areas": current_areas(),
            "countries": countries,
            "count_by_country": [(label, by_country[code]) for code, label in countries if code in by_country],
            "levels": EducationLevel.choices,
            "formats": Format.choices,
            "target_groups": TargetGroup.choices,
            "shares": AtmpShare.choices,
            "kinds": OfferingKind.choices,
            "query": request.GET.urlencode(),
        },
    )


def offering_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("provider"), pk=pk)
    target_labels = dict(TargetGroup.choices)
    return render(
        request,
        "catalogue/detail.html",
        {
            "offering": offering,
            "coverage": offering.coverage.select_related("area").order_by("area__sort_order"),
            "target_groups": [target_labels.get(t, t) for t in offering.target_groups],
        },
    )


def offering_export_view(request: HttpRequest, fmt: str) -> FileResponse:
    if fmt not in FORMATS:
        raise Http404(fmt)
    handle = tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False)  # noqa: SIM115 (FileResponse closes it)
    handle.close()
    path = Path(handle.name)
    catalogue_export_file(path=path)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"kartlagg-catalogue.{fmt}")
