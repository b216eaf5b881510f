"""Read side of the dashboard: one function per widget, each calling the owning app's selectors.

Every function returns None (or an empty structure) when its data is absent — a fresh install has no
survey round, no job-ad store, no gap evidence — and the template then says so instead of failing.
Survey figures come only through the survey app's published tables, so disclosure control applies:
a non-coordinator never sees a suppressed cell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from kartlagg.catalogue.models import Offering
from kartlagg.catalogue.selectors import catalogue_summary
from kartlagg.dashboard.regions import BY_CODE, COUNTIES, County, county_for

log = logging.getLogger(__name__)

TOP_GAPS = 5


def cached(name: str, compute: Any, keep: Any = None) -> Any:
    """Public, user-independent widgets (gaps, ad trend, ads per county) are kept for
    KARTLAGG_DASHBOARD_CACHE_SECONDS (default 60; 0 = off, as in the tests): they cost most of the page's
    time (the gap model and the job-ad store) and a minute's delay is fine on a dashboard."""
    seconds = int(getattr(settings, "KARTLAGG_DASHBOARD_CACHE_SECONDS", 60))
    if seconds <= 0:
        return compute()
    key = f"kartlagg:dashboard:{name}:{translation.get_language()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        if keep is None or keep(found):
            cache.set(key, found, seconds)
    return found


def viewer_is_coordinator(user: Any) -> bool:
    """Coordinators as the coordination policy defines them, or the surveys' coordinator role."""
    from kartlagg.coordination.policy import is_coordinator
    from kartlagg.surveys.policy import actor_for_user

    if not getattr(user, "is_authenticated", False):
        return False
    return is_coordinator(user) or actor_for_user(user).is_coordinator


def survey_coordinator(user: Any) -> bool:
    """Who may see suppressed survey cells: the survey policy's coordinators only (superusers and the
    surveys' coordinator role) — being a coordination coordinator does not lift disclosure control."""
    from kartlagg.surveys.policy import actor_for_user

    return bool(getattr(user, "is_authenticated", False)) and actor_for_user(user).is_coordinator


@dataclass(frozen=True)
class SurveyFigures:
    round_title: str
    illustrative: bool
    total_display: str  # the published recruitment total, a range such as "120–180", or "·" if suppressed
    total_suppressed: bool
    unit: str
    responding: int
    invited: int


def survey_figures(*, user: Any) -> SurveyFigures | None:
    """Key figures of the latest published round (coordinators: latest round of any status)."""
    from kartlagg.surveys.aggregate import TOTAL
    from kartlagg.surveys.selectors import published_demand_table, response_rate, round_list

    coordinator = survey_coordinator(user)
    rnd = (
        round_list(include_unpublished=coordinator)
        .exclude(status="draft")
        .order_by("-published_at", "-opened_at", "-pk")
        .first()
    )
    if rnd is None:
        return None
    table = published_demand_table(round=rnd, viewer_is_coordinator=coordinator)
    total = table.cell(TOTAL, TOTAL)
    rates = {row.key: row for row in response_rate(round=rnd)}
    rate = rates.get(TOTAL)
    return SurveyFigures(
        round_title=rnd.title,
        illustrative=bool(rnd.is_illustrative),
        total_display=_range_text(total.value) if total.value is not None else "·",
        total_suppressed=total.value is None,
        unit=str(table.unit),
        responding=rate.submitted if rate else 0,
        invited=rate.invited if rate else 0,
    )


def _range_text(value: Any) -> str:
    lo, hi = round(value.lo), round(value.hi)
    return str(lo) if lo == hi else f"{lo}–{hi}"


@dataclass(frozen=True)
class SurveyProgress:
    round_id: int
    round_title: str
    closes_at: Any
    invited: int
    submitted: int
    drafts: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.invited) if self.invited else 0


def survey_progress() -> SurveyProgress | None:
    """Response rate of the open round (counts of organisations, not sensitive)."""
    from kartlagg.surveys.aggregate import TOTAL
    from kartlagg.surveys.selectors import response_rate, round_list

    rnd = round_list(include_unpublished=True).filter(status="open").order_by("closes_at", "pk").first()
    if rnd is None:
        return None
    total = next((r for r in response_rate(round=rnd) if r.key == TOTAL), None)
    return SurveyProgress(
        round_id=rnd.pk,
        round_title=rnd.title,
        closes_at=rnd.closes_at,
        invited=total.invited if total else 0,
        submitted=total.submitted if total else 0,
        drafts=total.drafts if total else 0,
    )


@dataclass(frozen=True)
class GapItem:
    area: str
    label: str
    gap: float
    hires_text: str
    offerings: int
    ads: int


def top_gaps(*, limit: int = TOP_GAPS) -> list[GapItem]:
    """The highest-ranked gaps of the default scenario with the latest published round."""
    return list(cached(f"gaps:{limit}", lambda: _top_gaps(limit)))


def _top_gaps(limit: int) -> list[GapItem]:
    from kartlagg.gaps.adapters import latest_survey_round
    from kartlagg.gaps.selectors import gap_table, scenario_by_key, scenario_spec

    spec = scenario_spec(scenario=scenario_by_key(key=""), survey_round=latest_survey_round())
    result = gap_table(spec=spec)
    items = []
    for cell in result.table.totals():
        if not cell.demand or cell.gap <= 0:
            continue
        items.append(
            GapItem(
                area=cell.area,
                label=result.area_label(cell.area),
                gap=cell.gap,
                hires_text=cell.hires_text,
                offerings=cell.offerings,
                ads=cell.ads,
            )
        )
        if len(items) == limit:
            break
    return items


@dataclass(frozen=True)
class TrendPoint:
    year: str
    atmp: int
    related: int

    @property
    def total(self) -> int:
        return self.atmp + self.related


@dataclass(frozen=True)
class AdTrend:
    points: list[TrendPoint]
    busy: bool = False

    @property
    def max(self) -> int:
        return max((p.total for p in self.points), default=0)


def ad_trend() -> AdTrend | None:
    """ATMP and related ads per year from the job-ad store; None when there is no store yet."""
    # A busy store (an ingest running) is not kept: the next request tries again.
    found = cached("trend", lambda: _ad_trend() or "none", keep=lambda t: t == "none" or not t.busy)
    return None if found == "none" else found


def _ad_trend() -> AdTrend | None:
    from kartlagg.ads.summaries import trend
    from kartlagg.jobads.selectors import StoreUnavailable, reading_store

    try:
        with reading_store() as store:
            rows = trend(store, period="year")
    except StoreUnavailable as exc:
        return AdTrend(points=[], busy=True) if exc.busy else None
    years: dict[str, dict[str, int]] = {}
    for period, relevance, ads, _positions in rows:
        years.setdefault(period, {"atmp": 0, "related": 0})
        if relevance in ("atmp", "related"):
            years[period][relevance] += ads
    points = [TrendPoint(year, v["atmp"], v["related"]) for year, v in sorted(years.items())]
    return AdTrend(points=points)


def ads_by_county() -> dict[str, int]:
    """ATMP ads in Sweden per county (empty without a store)."""
    return dict(cached("ads-by-county", _ads_by_county))


def _ads_by_county() -> dict[str, int]:
    from kartlagg.ads.summaries import AdFilters, counts
    from kartlagg.jobads.selectors import StoreUnavailable, reading_store

    out: dict[str, int] = {}
    try:
        with reading_store() as store:
            rows = counts(store, by="region", filters=AdFilters(relevance="atmp", country="SE"))
    except StoreUnavailable:
        return out
    for row in rows:
        code = county_for(row.key or "")
        if code:
            out[code] = out.get(code, 0) + row.ads
    return out


@dataclass
class RegionRow:
    county: County
    offerings: int = 0
    offers: int = 0
    needs: int = 0
    ads: int = 0

    @property
    def supply(self) -> int:
        return self.offerings + self.offers

    @property
    def demand(self) -> int:
        return self.needs + self.ads


@dataclass
class RegionMap:
    rows: list[RegionRow]
    unplaced: dict[str, int] = field(default_factory=dict)
    cols: int = 4
    tile: int = 64

    @property
    def width(self) -> int:
        return self.cols * self.tile

    @property
    def height(self) -> int:
        return (max(r.county.row for r in self.rows) + 1) * self.tile

    @property
    def max_supply(self) -> int:
        return max((r.supply for r in self.rows), default=0)

    @property
    def max_demand(self) -> int:
        return max((r.demand for r in self.rows), default=0)

    @property
    def empty(self) -> bool:
        return not any(r.supply or r.demand for r in self.rows)


def region_map(*, user: Any) -> RegionMap:
    """Offerings in Sweden and open offers (supply) against open needs and ATMP ads (demand) per county."""
    from kartlagg.coordination.models import ContributionStatus
    from kartlagg.coordination.selectors import need_list, offer_list

    rows = {c.code: RegionRow(county=c) for c in COUNTIES}
    unplaced = {"offerings": 0, "offers": 0, "needs": 0}
    for region, city in Offering.objects.filter(country="SE").values_list(
        "provider__region", "provider__city"
    ):
        code = county_for(region or "", city or "")
        if code:
            rows[code].offerings += 1
        else:
            unplaced["offerings"] += 1
    for attr, qs in (("offers", offer_list(user=user)), ("needs", need_list(user=user))):
        for region, org_region, city, name in qs.filter(status=ContributionStatus.OPEN).values_list(
            "region", "organisation__region", "organisation__city", "organisation__name"
        ):
            code = county_for(region or org_region or "", city or "", name or "")
            if code:
                setattr(rows[code], attr, getattr(rows[code], attr) + 1)
            else:
                unplaced[attr] += 1
    for code, n in ads_by_county().items():
        rows[code].ads += n
    return RegionMap(rows=[rows[c.code] for c in COUNTIES], unplaced=unplaced)


def coordination_figures(*, user: Any) -> dict[str, Any] | None:
    if not apps.is_installed("kartlagg.coordination"):
        return None
    from kartlagg.coordination.selectors import dashboard_coordination_summary

    return dashboard_coordination_summary(user=user)


def catalogue_figures() -> dict[str, int]:
    summary = catalogue_summary()
    return {**summary, "abroad": summary["offerings"] - summary["swedish"]}


def safely(name: str, func: Any, *args: Any, **kwargs: Any) -> tuple[Any, bool]:
    """(result, failed): one broken widget must not take the whole home page down; it is logged."""
    try:
        return func(*args, **kwargs), False
    except Exception:  # noqa: BLE001 — the widget shows "could not be computed", the log has the trace
        log.exception("dashboard widget %s failed", name)
        return None, True


__all__ = ["BY_CODE", "region_map", "survey_figures", "survey_progress", "top_gaps", "ad_trend"]
