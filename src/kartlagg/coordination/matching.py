"""Matching offers with needs, with a reason a coordinator can read for every suggestion.

Plain Python over plain facts (no database), so the rules are easy to test and to explain.

A pair is suggested only when it can work at all: at least one shared competence area, places left on
both sides and periods that are not disjoint. Among those, a score of 0–100 adds up five factors:

  areas   40  share of the need's areas that the offer covers
  type    20  same form of contribution (20), a related one (10), another (0)
  level   15  same level (15), one side open to any level (10), different (0)
  region  15  same region (15), remote possible (12), a region unknown (5), different regions (0)
  period  10  periods overlap (10), no period given on one side or both (6)

Each factor becomes a reason item {factor, points, max, detail}; reason_text() words it in the active
language, so a stored reason reads correctly in Swedish and English alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from kartlagg.core.vocab import level_label

WEIGHTS = {"areas": 40, "type": 20, "level": 15, "region": 15, "period": 10}

# Forms of contribution that can stand in for each other (both directions).
_RELATED_TYPES = {
    frozenset({"teaching", "guest_lecture"}),
    frozenset({"thesis_project", "internship"}),
    frozenset({"thesis_project", "industrial_phd"}),
    frozenset({"internship", "industrial_phd"}),
    frozenset({"internship", "gmp_facility_access"}),
    frozenset({"teaching", "gmp_facility_access"}),
}


@dataclass(frozen=True)
class Facts:
    """What matching needs to know about one offer or need."""

    id: int
    type: str
    areas: frozenset[str]
    level: str = ""
    region: str = ""
    remote_possible: bool = False
    start: date | None = None
    end: date | None = None
    remaining: int = 1
    organisation_id: int | None = None


@dataclass
class Suggestion:
    offer_id: int
    need_id: int
    score: int
    places: int
    reasons: list[dict[str, Any]] = field(default_factory=list)


def related_types(a: str, b: str) -> bool:
    return frozenset({a, b}) in _RELATED_TYPES


def _period_overlap(offer: Facts, need: Facts) -> tuple[bool, date | None, date | None]:
    """(overlaps, overlap start, overlap end); open ends reach as far as the other side."""
    starts = [d for d in (offer.start, need.start) if d is not None]
    ends = [d for d in (offer.end, need.end) if d is not None]
    start = max(starts) if starts else None
    end = min(ends) if ends else None
    overlaps = start is None or end is None or start <= end
    return overlaps, start, end


def explain(offer: Facts, need: Facts) -> Suggestion | None:
    """The suggestion for this pair with its reasons, or None when the pair cannot work."""
    shared = offer.areas & need.areas
    if not shared or offer.remaining < 1 or need.remaining < 1:
        return None
    if offer.organisation_id is not None and offer.organisation_id == need.organisation_id:
        return None  # an organisation does not need coordination with itself
    overlaps, period_start, period_end = _period_overlap(offer, need)
    if not overlaps:
        return None

    reasons: list[dict[str, Any]] = []

    area_points = round(WEIGHTS["areas"] * len(shared) / len(need.areas))
    reasons.append(
        {
            "factor": "areas",
            "points": area_points,
            "max": WEIGHTS["areas"],
            "detail": {"shared": sorted(shared), "need_areas": len(need.areas)},
        }
    )

    if offer.type == need.type:
        type_points, relation = WEIGHTS["type"], "same"
    elif related_types(offer.type, need.type):
        type_points, relation = WEIGHTS["type"] // 2, "related"
    else:
        type_points, relation = 0, "different"
    reasons.append(
        {
            "factor": "type",
            "points": type_points,
            "max": WEIGHTS["type"],
            "detail": {"relation": relation, "offer": offer.type, "need": need.type},
        }
    )

    if offer.level and need.level:
        level_points, level_relation = (
            (WEIGHTS["level"], "same") if offer.level == need.level else (0, "different")
        )
    else:
        level_points, level_relation = 10, "open"
    reasons.append(
        {
            "factor": "level",
            "points": level_points,
            "max": WEIGHTS["level"],
            "detail": {"relation": level_relation, "offer": offer.level, "need": need.level},
        }
    )

    offer_region, need_region = offer.region.strip(), need.region.strip()
    if offer_region and need_region and offer_region.casefold() == need_region.casefold():
        region_points, region_relation = WEIGHTS["region"], "same"
    elif offer.remote_possible or need.remote_possible:
        region_points, region_relation = 12, "remote"
    elif not offer_region or not need_region:
        region_points, region_relation = 5, "unknown"
    else:
        region_points, region_relation = 0, "different"
    reasons.append(
        {
            "factor": "region",
            "points": region_points,
            "max": WEIGHTS["region"],
            "detail": {"relation": region_relation, "offer": offer_region, "need": need_region},
        }
    )

    has_period = any(d is not None for d in (offer.start, offer.end)) and any(
        d is not None for d in (need.start, need.end)
    )
    period_points = WEIGHTS["period"] if has_period else 6
    reasons.append(
        {
            "factor": "period",
            "points": period_points,
            "max": WEIGHTS["period"],
            "detail": {
                "relation": "overlap" if has_period else "open",
                "start": period_start.isoformat() if period_start else None,
                "end": period_end.isoformat() if period_end else None,
            },
        }
    )

    places = min(offer.remaining, need.remaining)
    reasons.append(
        {
            "factor": "capacity",
            "points": 0,
            "max": 0,
            "detail": {
                "offer_remaining": offer.remaining,
                "need_remaining": need.remaining,
                "places": places,
            },
        }
    )
    score = sum(int(r["points"]) for r in reasons)
    return Suggestion(offer_id=offer.id, need_id=need.id, score=score, places=places, reasons=reasons)


def suggest(
    offers: Iterable[Facts],
    needs: Iterable[Facts],
    *,
    exclude: set[tuple[int, int]] | None = None,
    min_score: int = 0,
) -> list[Suggestion]:
    """Every workable (offer, need) pair not in ``exclude``, best first (ties: newest need, then offer)."""
    exclude = exclude or set()
    need_list = list(needs)
    found: list[Suggestion] = []
    for offer in offers:
        for need in need_list:
            if (offer.id, need.id) in exclude:
                continue
            suggestion = explain(offer, need)
            if suggestion is not None and suggestion.score >= min_score:
                found.append(suggestion)
    found.sort(key=lambda s: (-s.score, -s.need_id, -s.offer_id))
    return found


def reason_text(item: dict[str, Any], area_labels: dict[str, str] | None = None) -> str:
    """One reason item in words, in the active language."""
    from kartlagg.coordination.models import ContributionType

    factor, detail = item.get("factor"), item.get("detail", {})
    labels = area_labels or {}
    if factor == "areas":
        names = ", ".join(labels.get(code, code) for code in detail.get("shared", []))
        return _("Shared competence areas: %(areas)s (%(shared)d of the need's %(total)d).") % {
            "areas": names,
            "shared": len(detail.get("shared", [])),
            "total": detail.get("need_areas", 0),
        }
    if factor == "type":
        offer_type = _type_label(ContributionType, detail.get("offer", ""))
        need_type = _type_label(ContributionType, detail.get("need", ""))
        if detail.get("relation") == "same":
            return _("Same form: %(type)s.") % {"type": offer_type}
        if detail.get("relation") == "related":
            return _("Related form: the offer is %(offer)s, the need asks for %(need)s.") % {
                "offer": offer_type,
                "need": need_type,
            }
        return _(
            "Different form: the offer is %(offer)s, the need asks for %(need)s; check that it fits."
        ) % {
            "offer": offer_type,
            "need": need_type,
        }
    if factor == "level":
        if detail.get("relation") == "same":
            return _("Same level: %(level)s.") % {"level": level_label(detail.get("offer", ""))}
        if detail.get("relation") == "open":
            return _("Level: one side is open to any level.")
        return _("Different levels: offer %(offer)s, need %(need)s.") % {
            "offer": level_label(detail.get("offer", "")),
            "need": level_label(detail.get("need", "")),
        }
    if factor == "region":
        relation = detail.get("relation")
        if relation == "same":
            return _("Same region: %(region)s.") % {"region": detail.get("offer", "")}
        if relation == "remote":
            return _("Can be done remotely (offer in %(offer)s, need in %(need)s).") % {
                "offer": detail.get("offer") or "—",
                "need": detail.get("need") or "—",
            }
        if relation == "unknown":
            return _("Region not stated on one side.")
        return _("Different regions: offer in %(offer)s, need in %(need)s.") % {
            "offer": detail.get("offer", ""),
            "need": detail.get("need", ""),
        }
    if factor == "period":
        if detail.get("relation") == "overlap":
            return _("Periods overlap: %(start)s – %(end)s.") % {
                "start": detail.get("start") or "…",
                "end": detail.get("end") or "…",
            }
        return _("No period stated on one side; agree on dates.")
    if factor == "capacity":
        return _(
            "Capacity: the offer has %(offer)d places left per year, the need %(need)d; "
            "%(places)d can be matched."
        ) % {
            "offer": detail.get("offer_remaining", 0),
            "need": detail.get("need_remaining", 0),
            "places": detail.get("places", 0),
        }
    return str(factor)


def _type_label(choices: Any, code: str) -> str:
    """The label as it reads mid-sentence: first letter small, abbreviations (GMP, PhD) kept."""
    try:
        label = str(choices(code).label)
    except ValueError:
        return code
    return label[:1].lower() + label[1:]
