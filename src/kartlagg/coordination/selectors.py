"""Read side of coordination: visible lists per user, live suggestions, white spots, dashboard figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kartlagg.coordination import policy
from kartlagg.coordination.matching import Facts, reason_text, suggest
from kartlagg.coordination.models import (
    ACTIVE_MATCH_STATUSES,
    ActorRole,
    Contribution,
    ContributionStatus,
    Decision,
    Initiative,
    InitiativeStatus,
    Match,
    MatchStatus,
    Need,
    Offer,
)
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import current_areas

C = TypeVar("C", bound=Contribution)


@dataclass(frozen=True)
class ContributionFilters:
    type: str = ""
    area: str = ""
    level: str = ""
    region: str = ""
    status: str = ""
    organisation: str = ""  # slug

    @classmethod
    def from_query(cls, params: Any) -> ContributionFilters:
        return cls(**{name: (params.get(name) or "").strip() for name in cls.__dataclass_fields__})


def with_used_places(qs: QuerySet[C], side: str) -> QuerySet[C]:
    """Annotate ``used_places``: places held by confirmed, running or completed matches."""
    used = (
        Match.objects.filter(**{side: OuterRef("pk")}, status__in=ACTIVE_MATCH_STATUSES)
        .order_by()
        .values(side)
        .annotate(total=Sum("places"))
        .values("total")
    )
    annotated: QuerySet[C] = qs.annotate(  # type: ignore[assignment]
        used_places=Coalesce(Subquery(used, output_field=IntegerField()), Value(0))
    )
    return annotated


def _visible(qs: QuerySet[C], user: Any) -> QuerySet[C]:
    if policy.is_coordinator(user):
        return qs
    own = policy.member_organisation_ids(user)
    return qs.filter(Q(is_public=True) | Q(organisation_id__in=own))


def _contribution_list(
    model: type[C], side: str, *, user: Any, filters: ContributionFilters | None
) -> QuerySet[C]:
    qs: QuerySet[C] = model._default_manager.select_related("organisation", "contact").prefetch_related(
        "areas"
    )
    qs = _visible(qs, user)
    f = filters or ContributionFilters()
    if f.type:
        qs = qs.filter(type=f.type)
    if f.area:
        qs = qs.filter(areas__code=f.area)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.region:
        qs = qs.filter(Q(region__iexact=f.region) | Q(region="", organisation__region__iexact=f.region))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.organisation:
        qs = qs.filter(organisation__slug=f.organisation)
    return with_used_places(qs.distinct(), side).order_by("-created_at", "-pk")


def offer_list(*, user: Any = None, filters: ContributionFilters | None = None) -> QuerySet[Offer]:
    return _contribution_list(Offer, "offer", user=user, filters=filters)


def need_list(*, user: Any = None, filters: ContributionFilters | None = None) -> QuerySet[Need]:
    return _contribution_list(Need, "need", user=user, filters=filters)


def _facts(item: Contribution) -> Facts:
    return Facts(
        id=item.pk,
        type=item.type,
        areas=frozenset(area.code for area in item.areas.all()),
        level=item.level,
        region=item.effective_region,
        remote_possible=item.remote_possible,
        start=item.start_date,
        end=item.end_date,
        remaining=item.capacity_per_year - int(getattr(item, "used_places", 0)),
        organisation_id=item.organisation_id,
    )


@dataclass
class SuggestionRow:
    offer: Offer
    need: Need
    score: int
    places: int
    reasons: list[dict[str, Any]]
    reason_texts: list[str] = field(default_factory=list)


def area_labels() -> dict[str, str]:
    return {area.code: area.label for area in current_areas()}


def suggestion_list(
    *, offer: Offer | None = None, need: Need | None = None, min_score: int = 0, limit: int | None = None
) -> list[SuggestionRow]:
    """Live suggestions among open offers and needs, best first, excluding pairs already decided on."""
    offers = with_used_places(
        Offer.objects.filter(status=ContributionStatus.OPEN)
        .select_related("organisation")
        .prefetch_related("areas"),
        "offer",
    )
    needs = with_used_places(
        Need.objects.filter(status=ContributionStatus.OPEN)
        .select_related("organisation")
        .prefetch_related("areas"),
        "need",
    )
    if offer is not None:
        offers = offers.filter(pk=offer.pk)
    if need is not None:
        needs = needs.filter(pk=need.pk)
    offer_by_id = {o.pk: o for o in offers}
    need_by_id = {n.pk: n for n in needs}
    decided = {
        (o, n)
        for o, n in Match.objects.exclude(status=MatchStatus.SUGGESTED).values_list("offer_id", "need_id")
    }
    found = suggest(
        [_facts(o) for o in offer_by_id.values()],
        [_facts(n) for n in need_by_id.values()],
        exclude=decided,
        min_score=min_score,
    )
    if limit is not None:
        found = found[:limit]
    labels = area_labels()
    return [
        SuggestionRow(
            offer=offer_by_id[s.offer_id],
            need=need_by_id[s.need_id],
            score=s.score,
            places=s.places,
            reasons=s.reasons,
            reason_texts=[reason_text(r, labels) for r in s.reasons],
        )
        for s in found
    ]


def match_list(*, user: Any = None, status: str = "") -> QuerySet[Match]:
    """Coordinators see every match; others see agreed matches between public offers and needs."""
    qs = Match.objects.select_related("offer__organisation", "need__organisation", "confirmed_by")
    if not policy.is_coordinator(user):
        own = policy.member_organisation_ids(user)
        public = Q(offer__is_public=True, need__is_public=True) & ~Q(status__in=[MatchStatus.SUGGESTED])
        mine = Q(offer__organisation_id__in=own) | Q(need__organisation_id__in=own)
        qs = qs.filter(public | mine)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-confirmed_at", "-pk")


def match_reason_texts(match: Match) -> list[str]:
    labels = area_labels()
    return [reason_text(r, labels) for r in match.reasons]


def initiative_list(*, user: Any = None, status: str = "", area: str = "") -> QuerySet[Initiative]:
    qs = Initiative.objects.select_related("owner", "funder").prefetch_related("areas")
    if not policy.is_coordinator(user):
        qs = qs.filter(is_public=True)
    if status:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(areas__code=area)
    return qs.distinct().order_by("start_date", "title_sv", "pk")


@dataclass(frozen=True)
class Overlap:
    first: Initiative
    second: Initiative
    areas: list[CompetenceArea]
    start: dt.date | None
    end: dt.date | None


def _periods_overlap(a: Initiative, b: Initiative) -> tuple[bool, dt.date | None, dt.date | None]:
    starts = [d for d in (a.start_date, b.start_date) if d is not None]
    ends = [d for d in (a.end_date, b.end_date) if d is not None]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    return (start is None or end is None or start <= end), start, end


@dataclass
class InitiativeOverview:
    initiatives: list[Initiative]
    white_spots: list[CompetenceArea]
    overlaps: list[Overlap]
    by_status: dict[str, int]


def initiative_overview(*, user: Any = None) -> InitiativeOverview:
    """The initiatives, the areas no planned or running initiative covers, and pairs that overlap.

    Two initiatives overlap when they share a competence area and their periods meet (an open end
    counts as overlapping). Finished initiatives are history: they neither fill a white spot nor overlap.
    """
    initiatives = list(initiative_list(user=user))
    live = [i for i in initiatives if i.status != InitiativeStatus.FINISHED]
    covered = {area.pk for i in live for area in i.areas.all()}
    white_spots = [area for area in current_areas() if area.pk not in covered]
    overlaps: list[Overlap] = []
    for index, first in enumerate(live):
        first_areas = {area.pk: area for area in first.areas.all()}
        for second in live[index + 1 :]:
            shared = [area for area in second.areas.all() if area.pk in first_areas]
            if not shared:
                continue
            meets, start, end = _periods_overlap(first, second)
            if meets:
                shared.sort(key=lambda a: (a.sort_order, a.code))
                overlaps.append(Overlap(first=first, second=second, areas=shared, start=start, end=end))
    counts = Counter(i.status for i in initiatives)
    by_status = {value: counts.get(value, 0) for value in InitiativeStatus.values}
    return InitiativeOverview(
        initiatives=initiatives, white_spots=white_spots, overlaps=overlaps, by_status=by_status
    )


def decision_list(*, due_only: bool = False, today: dt.date | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("initiative", "match")
    if due_only:
        qs = qs.filter(followed_up=False, follow_up_on__lte=today or timezone.localdate())
    return qs.order_by("-decided_on", "-pk")


def actor_list(*, role: str = "") -> QuerySet[ActorRole]:
    qs = ActorRole.objects.select_related("organisation", "contact")
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("organisation__name", "role")


def dashboard_coordination_summary(*, user: Any = None, today: dt.date | None = None) -> dict[str, Any]:
    """The coordination figures for the dashboard home page (visible to ``user``).

    open_offers_without_match: open offers with no confirmed/running/completed match;
    open_needs_without_match: the same for needs; matches_by_status and initiatives_by_status: counts
    per status (every status present, zero included); follow_ups_due: decisions whose follow-up date has
    come and that are not marked followed up (coordinators only, else None); suggestions: number of live
    suggestions (coordinators only, else None).
    """
    active = Q(matches__status__in=ACTIVE_MATCH_STATUSES)
    offers = offer_list(user=user).filter(status=ContributionStatus.OPEN)
    needs = need_list(user=user).filter(status=ContributionStatus.OPEN)
    matches = Counter(match_list(user=user).values_list("status", flat=True))
    initiatives = Counter(initiative_list(user=user).values_list("status", flat=True))
    coordinator = policy.is_coordinator(user)
    return {
        "open_offers": offers.count(),
        "open_needs": needs.count(),
        "open_offers_without_match": offers.exclude(active).count(),
        "open_needs_without_match": needs.exclude(active).count(),
        "matches_by_status": {value: matches.get(value, 0) for value in MatchStatus.values},
        "initiatives_by_status": {value: initiatives.get(value, 0) for value in InitiativeStatus.values},
        "follow_ups_due": decision_list(due_only=True, today=today).count() if coordinator else None,
        "suggestions": len(suggestion_list()) if coordinator else None,
    }
