from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kartlagg.core.vocab import Depth, level_label
from kartlagg.gaps.analysis import ALL_LEVELS, UNSPECIFIED, Cell, DemandSource
from kartlagg.gaps.models import Plan
from kartlagg.gaps.selectors import gap_table, plan_list, scenario_by_key, scenario_list, scenario_spec
from kartlagg.gaps.sources import ScenarioSpec

# URL segments for the two level keys that are not education levels.
LEVEL_SLUGS = {ALL_LEVELS: "all", UNSPECIFIED: "none"}
SLUG_LEVELS = {slug: level for level, slug in LEVEL_SLUGS.items()}
HEAT_STEPS = 6


def _level_slug(level: str) -> str:
    return LEVEL_SLUGS.get(level, level)


def _level_name(level: str) -> str:
    if level == ALL_LEVELS:
        return _("All levels")
    if level == UNSPECIFIED:
        return _("Level not stated")
    return level_label(level)


def _spec_from_request(request: HttpRequest) -> tuple[ScenarioSpec, object]:
    scenario = scenario_by_key(key=request.GET.get("scenario", ""))
    round_key = request.GET.get("round", "")
    if not round_key:
        from kartlagg.gaps.adapters import latest_survey_round

        round_key = latest_survey_round()
    return scenario_spec(scenario=scenario, survey_round=round_key), scenario


def _round_facts(round_key: str) -> tuple[str, bool]:
    """(title, illustrative) of the survey round the page uses."""
    if not round_key:
        return "", False
    from kartlagg.gaps.adapters import resolve_round

    found = resolve_round(round_key)
    return (found.title, bool(found.is_illustrative)) if found else (round_key, False)


def gap_ranking_view(request: HttpRequest) -> HttpResponse:
    spec, scenario = _spec_from_request(request)
    result = gap_table(spec=spec)
    table = result.table
    round_title, illustrative = _round_facts(spec.survey_round)
    query = request.GET.urlencode()
    ranking = [
        {"cell": c, "label": result.area_label(c.area), "url_level": _level_slug(ALL_LEVELS)}
        for c in table.totals()
    ]
    heat_rows = []
    for area in table.areas:
        cells = []
        for cell in table.row(area):
            cells.append(
                {
                    "cell": cell,
                    "slug": _level_slug(cell.level),
                    "step": min(HEAT_STEPS - 1, int(cell.gap * HEAT_STEPS)) if cell.has_evidence else None,
                }
            )
        heat_rows.append({"area": area, "label": result.area_label(area), "cells": cells})
    return render(
        request,
        "gaps/ranking.html",
        {
            "ranking": ranking,
            "heat_rows": heat_rows,
            "levels": [(level, _level_name(level)) for level in table.levels],
            "scenarios": scenario_list(),
            "scenario": scenario,
            "spec": spec,
            "query": query,
            "plans": plan_list(),
            "round_title": round_title,
            "illustrative": illustrative,
        },
    )


def gap_cell_view(request: HttpRequest, area: str, level: str) -> HttpResponse:
    spec, scenario = _spec_from_request(request)
    level_key = SLUG_LEVELS.get(level, level)
    result = gap_table(spec=spec)
    try:
        cell: Cell = result.table.cell(area, level_key)
    except KeyError as exc:
        raise Http404(f"no cell {area} × {level}") from exc
    groups = []
    for source, title in (
        (DemandSource.SURVEY_HIRES, _("Survey: expected hires")),
        (DemandSource.SURVEY_HARD, _("Survey: hard to find")),
        (DemandSource.PLAN, _("Plans")),
        (DemandSource.ADS, _("Job ads")),
        (DemandSource.INTERVIEW, _("Interviews: coded statements")),
    ):
        rows = [
            {
                "e": e,
                "level": _level_name(e.level),
                "hires": (str(e.hires_min) if e.hires_min == e.hires_max else f"{e.hires_min}–{e.hires_max}")
                if e.hires_max
                else "",
            }
            for e in cell.demand
            if e.source == source
        ]
        if rows:
            groups.append({"source": str(source), "title": title, "rows": rows})
    return render(
        request,
        "gaps/cell.html",
        {
            "cell": cell,
            "area_label": result.area_label(area),
            "level_name": _level_name(level_key),
            "groups": groups,
            "supply": [
                {
                    "s": s,
                    "level": _level_name(s.level),
                    "depth": Depth(s.depth).label if s.depth in Depth.values else s.depth,
                }
                for s in sorted(cell.supply, key=lambda s: (s.title, s.area))
            ],
            "scenario": scenario,
            "query": request.GET.urlencode(),
        },
    )


def plan_detail_view(request: HttpRequest, key: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.prefetch_related("demand__area"), key=key)
    return render(request, "gaps/plan.html", {"plan": plan, "level_name": _level_name})
