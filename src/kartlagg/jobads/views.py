from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kartlagg.ads.summaries import AdFilters, ad_list, counts, filter_choices, totals, trend
from kartlagg.core.vocab import Country
from kartlagg.jobads.selectors import StoreUnavailable, ad_with_evidence, highlighted, reading_store

RELEVANCE_LABELS = {
    "atmp": _("ATMP"),
    "related": _("Related (near ATMP)"),
    "none": _("Not ATMP"),
    "unclassified": _("Not classified"),
}
# The tables shown side by side, one per filter; the key is the filter a row click sets.
TABLES = (
    ("relevance", _("Relevance")),
    ("year", _("Year")),
    ("country", _("Country")),
    ("area", _("Competence area")),
    ("region", _("Region")),
    ("employer", _("Employer")),
)
TABLE_ROWS = 15


@cache
def _area_labels() -> dict[str, dict[str, str]]:
    from kartlagg.domainpack import load_domain_pack

    try:
        pack = load_domain_pack("atmp")
    except Exception:  # noqa: BLE001 - labels are a nicety; the ids still show
        return {}
    return {area.id: dict(area.label) for area in pack.areas}


def area_label(code: str) -> str:
    labels = _area_labels().get(code)
    if not labels:
        return code
    return labels.get((get_language() or "sv")[:2]) or labels.get("sv") or code


def _label(dimension: str, key: str) -> str:
    if dimension == "relevance":
        return str(RELEVANCE_LABELS.get(key, key))
    if dimension == "area":
        return area_label(key) if key else str(_("No competence area"))
    if dimension == "country" and key:
        try:
            return str(Country(key).label)
        except ValueError:
            return key
    return key or "—"


# Fill colours inside the SVG itself, so the chart reads right even where the stylesheet is missing.
BAR_FILLS = {"atmp": "#1f5f99", "related": "#7aa6cf", "other": "#d5d9de"}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str

    @property
    def fill(self) -> str:
        return BAR_FILLS[self.css]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    maximum: int
    baseline: float


def trend_chart(rows: list[tuple[str, str, int, int]], *, measure: str) -> Chart | None:
    """Stacked bars per period: ATMP at the bottom, then related, then the other ads (server-drawn SVG)."""
    periods = sorted({r[0] for r in rows})
    if not periods:
        return None
    value: dict[tuple[str, str], int] = {}
    for period, relevance, ads, positions in rows:
        group = relevance if relevance in ("atmp", "related") else "other"
        value[(period, group)] = value.get((period, group), 0) + (
            positions if measure == "positions" else ads
        )
    totals_ = [sum(value.get((p, g), 0) for g in ("atmp", "related", "other")) for p in periods]
    maximum = max(totals_) or 1
    width, height, left, bottom, top = 720, 240, 40, 30, 10
    plot = height - bottom - top
    step = (width - left - 10) / len(periods)
    bar_width = max(2.0, min(36.0, step * 0.7))
    bars: list[Bar] = []
    labels: list[tuple[float, str]] = []
    every = max(1, len(periods) // 12)
    for index, period in enumerate(periods):
        x = left + index * step + (step - bar_width) / 2
        y = float(height - bottom)
        for group, css in (("atmp", "atmp"), ("related", "related"), ("other", "other")):
            amount = value.get((period, group), 0)
            if not amount:
                continue
            bar_height = plot * amount / maximum
            y -= bar_height
            name = str(
                RELEVANCE_LABELS["atmp"]
                if group == "atmp"
                else RELEVANCE_LABELS["related"]
                if group == "related"
                else _("Other ads")
            )
            bars.append(
                Bar(
                    round(x, 1),
                    round(y, 1),
                    round(bar_width, 1),
                    round(bar_height, 1),
                    css,
                    f"{period} · {name}: {amount}",
                )
            )
        if index % every == 0:
            labels.append((round(x + bar_width / 2, 1), period))
    return Chart(width, height, bars, labels, maximum, float(height - bottom))


def _reclassify_context(request: HttpRequest) -> dict[str, Any]:
    """Coordinators (those who may run background jobs) can classify the stored ads again from here."""
    from kartlagg.jobs.models import Job
    from kartlagg.jobs.policy import can_run_jobs
    from kartlagg.jobs.tasks import ADS_RECLASSIFY

    if not can_run_jobs(request.user):
        return {"can_reclassify": False}
    return {"can_reclassify": True, "last_reclassify": Job.objects.filter(kind=ADS_RECLASSIFY).first()}


def overview_view(request: HttpRequest) -> HttpResponse:
    filters = AdFilters.from_query(request.GET)
    period = "quarter" if request.GET.get("period") == "quarter" else "year"
    measure = "positions" if request.GET.get("measure") == "positions" else "ads"
    context: dict[str, Any] = {
        "filters": filters,
        "period": period,
        "measure": measure,
        "query": request.GET.urlencode(),
        **_reclassify_context(request),
    }
    try:
        with reading_store() as store:
            context["totals"] = totals(store, filters)
            context["chart"] = trend_chart(trend(store, filters=filters, period=period), measure=measure)
            context["tables"] = [
                {
                    "name": name,
                    "title": title,
                    "rows": [
                        {
                            "key": row.key,
                            "label": _label(name, row.key),
                            "ads": row.ads,
                            "positions": row.positions,
                        }
                        for row in counts(store, by=name, filters=filters, limit=TABLE_ROWS)
                    ],
                }
                for name, title in TABLES
            ]
            context["ads"] = [
                {"row": row, "relevance_label": RELEVANCE_LABELS.get(row.relevance, row.relevance),
                 "areas": [area_label(a) for a in row.areas]}
                for row in ad_list(store, filters=filters, limit=100)
            ]  # fmt: skip
            choices = filter_choices(store)
    except StoreUnavailable as exc:
        context["unavailable"] = "busy" if exc.busy else "empty"
        return render(request, "jobads/overview.html", context)
    context["illustrative"] = any(source.startswith("illustrative") for source in choices["source"])
    context["choices"] = {
        "relevance": [(k, v) for k, v in RELEVANCE_LABELS.items()],
        "year": [(y, y) for y in choices["year"]],
        "country": [(c, _label("country", c)) for c in choices["country"]],
        "region": [(r, r) for r in choices["region"]],
        "area": [(a, area_label(a)) for a in choices["area"]],
        "language": [(lang, lang) for lang in choices["language"]],
        "source": [(s, s) for s in choices["source"]],
    }
    return render(request, "jobads/overview.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv_view(request: HttpRequest) -> StreamingHttpResponse:
    filters = AdFilters.from_query(request.GET)
    try:
        with reading_store() as store:
            from kartlagg.ads.summaries import iter_export_rows

            writer = csv.writer(_Echo())
            lines = [writer.writerow(row) for row in iter_export_rows(store, filters=filters)]
    except StoreUnavailable:
        lines = [csv.writer(_Echo()).writerow(["no ads stored yet"])]
    response = StreamingHttpResponse(iter(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kartlagg-job-ads.csv"'
    return response


def ad_detail_view(request: HttpRequest, ad_key: int) -> HttpResponse:
    try:
        with reading_store() as store:
            detail = ad_with_evidence(store, ad_key)
    except StoreUnavailable as exc:
        return render(
            request, "jobads/overview.html", {"unavailable": "busy" if exc.busy else "empty"}, status=503
        )
    if detail is None:
        raise Http404("no such ad")
    headline, body = highlighted(detail)
    return render(
        request,
        "jobads/detail.html",
        {
            "ad": detail,
            "headline_segments": headline,
            "body_segments": body,
            "relevance_label": RELEVANCE_LABELS.get(detail.relevance, detail.relevance),
            "areas": [(area_label(code), code, evidence) for code, evidence in detail.areas.items()],
            "country_label": _label("country", detail.country),
        },
    )
