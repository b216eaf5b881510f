"""Write side of coordination: keyword-only functions, each one transaction, each validating first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from kartlagg.coordination.exceptions import CoordinationError
from kartlagg.coordination.matching import Facts, explain
from kartlagg.coordination.models import (
    ACTIVE_MATCH_STATUSES,
    MATCH_TRANSITIONS,
    ActorRole,
    Contribution,
    ContributionSource,
    ContributionStatus,
    ContributionType,
    Decision,
    Initiative,
    InitiativeStatus,
    Match,
    MatchStatus,
    Membership,
    Need,
    Offer,
)
from kartlagg.core.vocab import EducationLevel
from kartlagg.organisations.models import Contact, Organisation
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import current_areas

C = TypeVar("C", bound=Contribution)

MAX_CAPACITY = 10_000


def actor_role_assign(
    *, organisation: Organisation, role: str, region: str = "", contact: Contact | None = None, note: str = ""
) -> ActorRole:
    """Give an organisation a role (idempotent: assigning again updates region, contact and note)."""
    actor, _created = ActorRole.objects.get_or_create(organisation=organisation, role=role)
    actor.region, actor.contact, actor.note = region, contact, note
    actor.full_clean()
    actor.save()
    return actor


def membership_add(*, user: Any, organisation: Organisation) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, organisation=organisation)
    return membership


def areas_from_codes(codes: Sequence[str], *, field: str = "areas") -> list[CompetenceArea]:
    """The current areas with these codes; an unknown code is an error naming it and the field."""
    if not codes:
        raise CoordinationError(field, "give at least one competence area")
    by_code = {area.code: area for area in current_areas()}
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise CoordinationError(field, f"unknown competence area {', '.join(map(repr, unknown))}")
    return [by_code[code] for code in dict.fromkeys(codes)]


def _contribution_save(
    instance: C,
    *,
    areas: Sequence[CompetenceArea],
    values: dict[str, Any],
) -> C:
    if not areas:
        raise CoordinationError("areas", "give at least one competence area")
    contact = values.get("contact")
    if contact is not None and contact.organisation_id != values["organisation"].pk:
        raise CoordinationError("contact", "the contact must belong to the organisation")
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        instance.areas.set(areas)
    return instance


def _contribution_values(
    *,
    organisation: Organisation,
    type: str,
    areas: Sequence[CompetenceArea],
    title: str,
    description: str,
    level: str,
    capacity_per_year: int,
    start_date: dt.date | None,
    end_date: dt.date | None,
    contact: Contact | None,
    region: str,
    remote_possible: bool,
    is_public: bool,
) -> dict[str, Any]:
    return {
        "organisation": organisation,
        "type": type,
        "title": title.strip(),
        "description": description.strip(),
        "level": level,
        "capacity_per_year": capacity_per_year,
        "start_date": start_date,
        "end_date": end_date,
        "contact": contact,
        "region": region.strip(),
        "remote_possible": remote_possible,
        "is_public": is_public,
    }


def offer_create(
    *,
    organisation: Organisation,
    type: str,
    areas: Sequence[CompetenceArea],
    title: str = "",
    description: str = "",
    level: str = "",
    capacity_per_year: int = 1,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    contact: Contact | None = None,
    region: str = "",
    remote_possible: bool = False,
    is_public: bool = True,
    created_by: Any = None,
) -> Offer:
    values = _contribution_values(
        organisation=organisation,
        type=type,
        areas=areas,
        title=title,
        description=description,
        level=level,
        capacity_per_year=capacity_per_year,
        start_date=start_date,
        end_date=end_date,
        contact=contact,
        region=region,
        remote_possible=remote_possible,
        is_public=is_public,
    )
    return _contribution_save(Offer(created_by=created_by), areas=areas, values=values)


def need_create(
    *,
    organisation: Organisation,
    type: str,
    areas: Sequence[CompetenceArea],
    title: str = "",
    description: str = "",
    level: str = "",
    capacity_per_year: int = 1,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    contact: Contact | None = None,
    region: str = "",
    remote_possible: bool = False,
    is_public: bool = True,
    created_by: Any = None,
) -> Need:
    values = _contribution_values(
        organisation=organisation,
        type=type,
        areas=areas,
        title=title,
        description=description,
        level=level,
        capacity_per_year=capacity_per_year,
        start_date=start_date,
        end_date=end_date,
        contact=contact,
        region=region,
        remote_possible=remote_possible,
        is_public=is_public,
    )
    return _contribution_save(Need(created_by=created_by), areas=areas, values=values)


def contribution_update(
    *, instance: C, areas: Sequence[CompetenceArea], status: str | None = None, **fields: Any
) -> C:
    """Change an offer or a need; fields as for offer_create. Capacity may not drop below confirmed places."""
    values = _contribution_values(**{"organisation": instance.organisation, **fields, "areas": areas})
    if status is not None:
        values["status"] = status
    used = _used_places(instance)
    if values["capacity_per_year"] < used:
        raise CoordinationError(
            "capacity_per_year", f"{used} places are already matched; capacity cannot be lower"
        )
    return _contribution_save(instance, areas=areas, values=values)


def _used_places(instance: Contribution) -> int:
    if instance.pk is None:
        return 0
    total = Match.objects.filter(**{_side(instance): instance}, status__in=ACTIVE_MATCH_STATUSES).aggregate(
        total=Sum("places")
    )["total"]
    return int(total or 0)


def _side(instance: Contribution) -> str:
    return "offer" if isinstance(instance, Offer) else "need"


WILLINGNESS_KEYS = {"type", "capacity_per_year", "areas", "level", "comment"}
# Row codes of the survey instrument's contribution matrix (data/instruments/atmp-demand-2026.yaml).
SURVEY_TYPE_ALIASES = {
    "thesis": ContributionType.THESIS_PROJECT.value,
    "guest_lectures": ContributionType.GUEST_LECTURE.value,
    "internships": ContributionType.INTERNSHIP.value,
    "gmp_access": ContributionType.GMP_FACILITY_ACCESS.value,
}


def offers_from_survey_willingness(
    *, organisation: Organisation, willingness: list[dict[str, Any]], source: str = "survey"
) -> list[Offer]:
    """Turn a respondent's willingness answers into offers; capturing the same answers again updates them.

    Each item has the plain shape {type, capacity_per_year, areas, level, comment}:
      type               a ContributionType ("teaching", "guest_lecture", "thesis_project", "internship",
                         "industrial_phd", "gmp_facility_access") or the survey instrument's row code
                         for it ("thesis", "guest_lectures", "internships", "gmp_access")
      capacity_per_year  positive integer (places, lectures, projects per year); missing or None means 1
      areas              list of competence-area codes; may be empty when the survey did not ask (such an
                         offer is listed but not matched until a coordinator adds areas)
      level              an EducationLevel code or "" (any level)
      comment            free text, kept as the offer's description
    One offer per (organisation, source, type): ``source`` names the survey round, e.g. "survey-2026".
    Offers of this source whose type is no longer in the answers are closed, not deleted (a match may
    point at them). The whole list is validated before anything is written; an error names the item.
    """
    source = source.strip() or "survey"
    cleaned: list[tuple[str, dict[str, Any], list[CompetenceArea]]] = []
    seen: set[str] = set()
    for index, item in enumerate(willingness):
        place = f"willingness[{index}]"
        if not isinstance(item, dict):
            raise CoordinationError(
                place, "expected an object {type, capacity_per_year, areas, level, comment}"
            )
        extra = set(item) - WILLINGNESS_KEYS
        if extra:
            raise CoordinationError(place, f"unknown keys {sorted(extra)}")
        raw_type = item.get("type")
        kind = SURVEY_TYPE_ALIASES.get(raw_type, raw_type) if isinstance(raw_type, str) else raw_type
        if kind not in ContributionType.values:
            raise CoordinationError(
                f"{place}.type", f"unknown type {kind!r}; expected one of {ContributionType.values}"
            )
        if kind in seen:
            raise CoordinationError(f"{place}.type", f"type {kind!r} given twice")
        seen.add(kind)
        capacity = item.get("capacity_per_year")
        capacity = 1 if capacity is None else capacity
        if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
            raise CoordinationError(
                f"{place}.capacity_per_year", f"expected an integer 1–{MAX_CAPACITY}, got {capacity!r}"
            )
        level = item.get("level") or ""
        if level and level not in EducationLevel.values:
            raise CoordinationError(
                f"{place}.level", f"unknown level {level!r}; expected one of {EducationLevel.values}"
            )
        codes = item.get("areas")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise CoordinationError(f"{place}.areas", "expected a list of competence-area codes")
        areas = areas_from_codes(codes, field=f"{place}.areas") if codes else []
        comment = item.get("comment") or ""
        if not isinstance(comment, str):
            raise CoordinationError(f"{place}.comment", "expected text")
        cleaned.append(
            (
                kind,
                {"capacity_per_year": capacity, "level": level, "description": comment.strip()},
                areas,
            )
        )

    offers: list[Offer] = []
    with transaction.atomic():
        for kind, values, areas in cleaned:
            key = f"{source}:{kind}"
            offer = Offer.objects.filter(organisation=organisation, source_key=key).first()
            if offer is None:
                offer = Offer(
                    organisation=organisation,
                    type=kind,
                    source=ContributionSource.SURVEY,
                    source_key=key,
                )
            offer.status = ContributionStatus.OPEN
            for name, value in values.items():
                setattr(offer, name, value)
            if offer.capacity_per_year < _used_places(offer):
                raise CoordinationError(f"{source}:{kind}", "capacity lower than the places already matched")
            offer.full_clean()
            offer.save()
            offer.areas.set(areas)
            offers.append(offer)
        Offer.objects.filter(
            organisation=organisation, source_key__startswith=f"{source}:", status=ContributionStatus.OPEN
        ).exclude(source_key__in=[f"{source}:{kind}" for kind in seen]).update(
            status=ContributionStatus.CLOSED
        )
    return offers


def contribution_facts(instance: Contribution, *, used: int | None = None) -> Facts:
    return Facts(
        id=instance.pk,
        type=instance.type,
        areas=frozenset(area.code for area in instance.areas.all()),
        level=instance.level,
        region=instance.effective_region,
        remote_possible=instance.remote_possible,
        start=instance.start_date,
        end=instance.end_date,
        remaining=instance.capacity_per_year - (_used_places(instance) if used is None else used),
        organisation_id=instance.organisation_id,
    )


def match_confirm(*, offer: Offer, need: Need, by: Any, places: int | None = None, note: str = "") -> Match:
    """A coordinator agrees the pair: records the match (with the reason as it stands) as confirmed."""
    with transaction.atomic():
        # Lock both sides so two coordinators cannot book the same places at once.
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        need = Need.objects.select_for_update().get(pk=need.pk)
        existing = Match.objects.filter(offer=offer, need=need).first()
        if existing is not None and existing.status != MatchStatus.SUGGESTED:
            raise CoordinationError("match", f"this pair is already {existing.get_status_display()}")
        if offer.status != ContributionStatus.OPEN or need.status != ContributionStatus.OPEN:
            raise CoordinationError("match", "both the offer and the need must be open")
        suggestion = explain(contribution_facts(offer), contribution_facts(need))
        if suggestion is None:
            raise CoordinationError(
                "match", "this pair cannot be matched (no shared area, no places left or periods apart)"
            )
        places = suggestion.places if places is None else places
        if not 1 <= places <= suggestion.places:
            raise CoordinationError("places", f"between 1 and {suggestion.places}")
        now = timezone.now()
        match = existing or Match(offer=offer, need=need)
        match.status = MatchStatus.CONFIRMED
        match.places = places
        match.score = suggestion.score
        match.reasons = suggestion.reasons
        match.note = note.strip()
        match.confirmed_at = now
        match.confirmed_by = by if getattr(by, "is_authenticated", False) else None
        match.full_clean()
        match.save()
    return match


def match_set_status(*, match: Match, status: str, note: str = "") -> Match:
    """Move a match along suggested → confirmed → in progress → completed (or cancelled), dating each step."""
    if status not in MatchStatus.values:
        raise CoordinationError("status", f"unknown status {status!r}")
    if status == MatchStatus.CONFIRMED:
        raise CoordinationError("status", "confirm a match with match_confirm, which checks capacity")
    if status not in MATCH_TRANSITIONS[match.status]:
        raise CoordinationError("status", f"a {match.status} match cannot become {status}")
    now = timezone.now()
    match.status = status
    if status == MatchStatus.IN_PROGRESS:
        match.started_at = now
    elif status == MatchStatus.COMPLETED:
        match.completed_at = now
        match.started_at = match.started_at or now
    elif status == MatchStatus.CANCELLED:
        match.cancelled_at = now
    if note.strip():
        match.note = f"{match.note}\n{note.strip()}".strip()
    match.full_clean()
    match.save()
    return match


def initiative_save(
    *,
    instance: Initiative | None = None,
    owner: Organisation,
    areas: Sequence[CompetenceArea],
    title_sv: str = "",
    title_en: str = "",
    description: str = "",
    funder: Organisation | None = None,
    budget_sek: Decimal | int | None = None,
    target_group: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    status: str = InitiativeStatus.PLANNED,
    url: str = "",
    is_public: bool = True,
) -> Initiative:
    """Create (instance None) or update an initiative."""
    if not areas:
        raise CoordinationError("areas", "give at least one competence area")
    initiative = instance or Initiative()
    initiative.owner = owner
    initiative.funder = funder
    initiative.title_sv, initiative.title_en = title_sv.strip(), title_en.strip()
    initiative.description = description.strip()
    initiative.budget_sek = Decimal(budget_sek) if budget_sek is not None else None
    initiative.target_group = target_group.strip()
    initiative.start_date, initiative.end_date = start_date, end_date
    initiative.status = status
    initiative.url = url
    initiative.is_public = is_public
    initiative.full_clean()
    with transaction.atomic():
        initiative.save()
        initiative.areas.set(areas)
    return initiative


def decision_record(
    *,
    decided_on: dt.date,
    title: str,
    details: str = "",
    decided_by: str = "",
    responsible: str = "",
    follow_up_on: dt.date | None = None,
    initiative: Initiative | None = None,
    match: Match | None = None,
    created_by: Any = None,
) -> Decision:
    decision = Decision(
        decided_on=decided_on,
        title=title.strip(),
        details=details.strip(),
        decided_by=decided_by.strip(),
        responsible=responsible.strip(),
        follow_up_on=follow_up_on,
        initiative=initiative,
        match=match,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    decision.full_clean()
    decision.save()
    return decision


def decision_mark_followed_up(*, decision: Decision) -> Decision:
    decision.followed_up = True
    decision.save(update_fields=["followed_up"])
    return decision
