from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kartlagg.catalogue.selectors import offerings_for_area
from kartlagg.core.vocab import level_label
from kartlagg.taxonomy.models import AreaLink, CompetenceArea
from kartlagg.taxonomy.selectors import area_by_code, current_areas, current_domain_version

# Names of the lexicon languages and of the vocabularies an area links to, in the page's language.
LEXICON_LANGUAGES: dict[str, Promise] = {
    "sv": _("Swedish"),
    "en": _("English"),
    "da": _("Danish"),
    "nb": _("Norwegian (Bokmål)"),
    "fi": _("Finnish"),
}
LINK_SCHEMES: dict[str, Promise] = {
    "jobtech-skill": _("JobTech skill"),
    "jobtech-ssyk": _("JobTech occupation group (SSYK)"),
    "esco-skill": _("ESCO skill"),
    "esco-occupation": _("ESCO occupation"),
}


@dataclass(frozen=True)
class LinkRow:
    scheme: str
    scheme_label: str
    label: str
    target: str
    match_label: str
    url: str


def _link_rows(links: list[AreaLink]) -> list[LinkRow]:
    rows = []
    for link in links:
        url = link.target if link.scheme == "esco-occupation" else ""
        rows.append(
            LinkRow(
                link.scheme,
                str(LINK_SCHEMES.get(link.scheme, link.scheme)),
                link.label or link.target,
                link.target,
                str(link.get_match_display()),
                url,
            )
        )
    order = list(LINK_SCHEMES)
    return sorted(rows, key=lambda r: (order.index(r.scheme) if r.scheme in order else 99, r.label))


def area_list_view(request: HttpRequest) -> HttpResponse:
    areas = list(current_areas().prefetch_related("links"))
    rows = [
        {
            "area": area,
            "levels": [level_label(level) for level in area.levels],
            "links": _link_rows(list(area.links.all())),
        }
        for area in areas
    ]
    return render(request, "taxonomy/area_list.html", {"rows": rows, "version": current_domain_version()})


def area_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    try:
        area = area_by_code(code=code)
    except CompetenceArea.DoesNotExist as exc:
        raise Http404(str(exc)) from exc
    terms = [
        {"lang": lang, "language": LEXICON_LANGUAGES.get(lang, lang), "terms": area.terms.get(lang, [])}
        for lang in area.terms
        if area.terms.get(lang)
    ]
    context = {
        "area": area,
        "children": current_areas().filter(parent=area),
        "coverage": offerings_for_area(area=area),
        "levels": [level_label(level) for level in area.levels],
        "links": _link_rows(list(area.links.all())),
        "terms": terms,
        "version": current_domain_version(),
    }
    return render(request, "taxonomy/area_detail.html", context)
