from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kartlagg.catalogue.selectors import supply_by_area
from kartlagg.dashboard import selectors as s

# Tile fills from light to dark blue; text is dark on steps 0-3 and white on 4-5: every pair has a
# contrast of at least 4.5:1 (lowest: #1b1f24 on #4f8fcf 4.9:1, white on #0b5cad 6.7:1).
FILLS = ("#f4f6f8", "#d6e6f5", "#a9cbeb", "#4f8fcf", "#0b5cad", "#073d73")
DARK_FROM = 4
BAR_HEIGHT = 120
MIN_CHART_WIDTH = 320


def _step(value: int, top: int) -> int:
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(len(FILLS) - 1, round(value / top * (len(FILLS) - 1))))


def _map_tiles(region_map: s.RegionMap) -> list[dict[str, Any]]:
    tiles = []
    size = region_map.tile
    for row in region_map.rows:
        step = _step(row.supply, region_map.max_supply)
        tiles.append(
            {
                "row": row,
                "x": row.county.col * size + 2,
                "y": row.county.row * size + 2,
                "size": size - 4,
                "cx": row.county.col * size + size // 2,
                "cy": row.county.row * size + size // 2,
                "fill": FILLS[step],
                "ink": "#ffffff" if step >= DARK_FROM else "#1b1f24",
            }
        )
    return tiles


def _trend_bars(trend: s.AdTrend | None) -> list[dict[str, Any]]:
    if not trend or not trend.points or trend.max == 0:
        return []
    bars = []
    width = 36
    # Centre few bars in a chart at least MIN_CHART_WIDTH wide, so two years do not become giant bars.
    offset = max(0, (MIN_CHART_WIDTH - (16 + len(trend.points) * 48)) // 2)
    for i, point in enumerate(trend.points):
        atmp_h = round(point.atmp / trend.max * BAR_HEIGHT)
        related_h = round(point.related / trend.max * BAR_HEIGHT)
        x = offset + 8 + i * (width + 12)
        bars.append(
            {
                "point": point,
                "x": x,
                "w": width,
                "label_x": x + width // 2,
                "atmp_y": 20 + BAR_HEIGHT - atmp_h,
                "atmp_h": atmp_h,
                "related_y": 20 + BAR_HEIGHT - atmp_h - related_h,
                "related_h": related_h,
                "total_y": 20 + BAR_HEIGHT - atmp_h - related_h - 4,
            }
        )
    return bars


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The home page a coordinator opens on Monday."""
    user = request.user
    coordinator = s.viewer_is_coordinator(user)
    survey, survey_failed = s.safely("survey", s.survey_figures, user=user)
    progress, progress_failed = s.safely("progress", s.survey_progress)
    gaps, gaps_failed = s.safely("gaps", s.top_gaps)
    trend, trend_failed = s.safely("trend", s.ad_trend)
    regions, regions_failed = s.safely("regions", s.region_map, user=user)
    coordination, coordination_failed = s.safely("coordination", s.coordination_figures, user=user)
    from kartlagg.coordination.models import InitiativeStatus, MatchStatus

    trend_bars = _trend_bars(trend)
    return render(
        request,
        "dashboard/home.html",
        {
            "coordinator": coordinator,
            "catalogue": s.catalogue_figures(),
            "supply_rows": supply_by_area(),
            "survey": survey,
            "survey_failed": survey_failed,
            "progress": progress,
            "progress_failed": progress_failed,
            "gaps": gaps,
            "gaps_failed": gaps_failed,
            "trend": trend,
            "trend_bars": trend_bars,
            "trend_width": max(MIN_CHART_WIDTH, 16 + len(trend_bars) * 48),
            "trend_failed": trend_failed,
            "regions": regions,
            "tiles": _map_tiles(regions) if regions else [],
            "regions_failed": regions_failed,
            "coordination": coordination,
            "coordination_failed": coordination_failed,
            "match_statuses": MatchStatus.choices,
            "initiative_statuses": InitiativeStatus.choices,
            "legend": [(FILLS[i], i) for i in range(len(FILLS))],
        },
    )
