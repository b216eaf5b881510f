from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_info

from kartlagg.catalogue.files import FORMATS
from kartlagg.catalogue.models import AtmpShare, Format, Offering, OfferingKind, TargetGroup
from kartlagg.catalogue.selectors import (
    CatalogueFilters,
    countries_in_catalogue,
    country_label,
    offering_list,
)
from kartlagg.catalogue.services import catalogue_export_file
from kartlagg.core.vocab import EducationLevel
from kartlagg.taxonomy.selectors import current_areas

_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml; charset=utf-8",
}


def language_name(code: str) -> str:
    """The language's name in the page's language, e.g. 'svenska'/'Swedish' for sv."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def offering_list_view(request: HttpRequest) -> HttpResponse:
    filters = CatalogueFilters.from_query(request.GET)
    offerings = list(offering_list(filters=filters))
    countries = countries_in_catalogue()
    labels = dict(countries)
    by_country: dict[str, int] = {}
    for offering in offerings:
        by_country[offering.country] = by_country.get(offering.country, 0) + 1
        offering.country_name = labels.get(offering.country, offering.country)  # type: ignore[attr-defined]
    return render(
        request,
        "catalogue/list.html",
        {
            "offerings": offerings,
            "filters": filters,
            "areas": current_areas(),
            "countries": countries,
            "count_by_country": [
                (label, by_country[code]) for code, label in countries if code in by_country
            ],
            "levels": EducationLevel.choices,
            "formats": Format.choices,
            "target_groups": TargetGroup.choices,
            "shares": AtmpShare.choices,
            "kinds": OfferingKind.choices,
            "export_formats": [("csv", "CSV"), ("json", "JSON"), ("xlsx", "Excel"), ("yaml", "YAML")],
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
            "country": country_label(offering.country),
            "languages": [language_name(code) for code in offering.languages],
            "coverage": offering.coverage.select_related("area").order_by("area__sort_order"),
            "target_groups": [str(target_labels.get(t, t)) for t in offering.target_groups],
        },
    )


def offering_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(fmt)
    # Written to a private temporary folder and read back, so no file is left behind.
    with tempfile.TemporaryDirectory(prefix="kartlagg-export-") as folder:
        path = Path(folder) / f"kartlagg-catalogue.{fmt}"
        catalogue_export_file(path=path)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="kartlagg-catalogue.{fmt}"'
    return response
