"""The coordination workbench over HTTP: offers, needs, matches, suggestions, initiatives, decisions.

Reads are public and show public records only; a coordinator (or the owning organisation's member)
also sees non-public records and contact persons. Writes need a token or a session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from kartlagg.api.auth import REQUIRED_AUTH, optional_user
from kartlagg.api.schemas import ITEM_ERRORS, READ_ERRORS, WRITE_ERRORS, PageParams, Text, errors
from kartlagg.coordination import policy, selectors, services
from kartlagg.coordination.matching import reason_text
from kartlagg.coordination.models import (
    ActorRoleKind,
    Contribution,
    ContributionStatus,
    ContributionType,
    Decision,
    Initiative,
    InitiativeStatus,
    Match,
    MatchStatus,
    Need,
    Offer,
)
from kartlagg.coordination.services import MAX_CAPACITY
from kartlagg.core.vocab import EducationLevel
from kartlagg.organisations.models import Organisation
from kartlagg.taxonomy.selectors import current_areas

router = Router(tags=["coordination"])

MAX_ID = 2**63 - 1


# --- shapes -------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str


class ContactOut(Schema):
    name: str
    email: str


class ContributionOut(Schema):
    id: int
    type: ContributionType
    title: str
    display_title: str
    description: str
    organisation: OrganisationRef
    areas: list[str]
    level: str
    capacity_per_year: int
    places_matched: int
    start_date: dt.date | None
    end_date: dt.date | None
    region: str
    remote_possible: bool
    status: ContributionStatus
    source: str
    is_public: bool
    contact: ContactOut | None = Field(description="Only for coordinators and the owning organisation.")


class ContributionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ContributionOut]


class ContributionFilterParams(PageParams):
    type: ContributionType | None = None
    area: Text(80) | None = None  # type: ignore[valid-type]
    level: EducationLevel | None = None
    region: Text(120) | None = None  # type: ignore[valid-type]
    status: ContributionStatus | None = None
    organisation: Text(120) | None = Field(None, description="Organisation slug.")  # type: ignore[valid-type]


class ContributionIn(Schema):
    organisation: Text(120) = Field(description="Organisation slug.")  # type: ignore[valid-type]
    type: ContributionType
    areas: list[Text(80)] = Field(min_length=1, max_length=20, description="Competence-area codes.")  # type: ignore[valid-type]
    title: Text(250) = ""  # type: ignore[valid-type]
    description: Text(5000) = ""  # type: ignore[valid-type]
    level: EducationLevel | None = None
    capacity_per_year: int = Field(1, ge=1, le=MAX_CAPACITY)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    region: Text(120) = ""  # type: ignore[valid-type]
    remote_possible: bool = False
    is_public: bool = True


class ReasonOut(Schema):
    factor: str = Field(description="areas, type, level, region, period or capacity")
    points: int
    max: int
    text_sv: str
    text_en: str
    detail: dict[str, Any]


class MatchOut(Schema):
    id: int
    offer_id: int
    need_id: int
    offer_title: str
    need_title: str
    offer_organisation: OrganisationRef
    need_organisation: OrganisationRef
    status: MatchStatus
    places: int
    score: int
    reasons: list[ReasonOut]
    confirmed_at: dt.datetime | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class MatchIn(Schema):
    offer_id: int = Field(ge=1, le=MAX_ID)
    need_id: int = Field(ge=1, le=MAX_ID)
    places: int | None = Field(None, ge=1, le=MAX_CAPACITY)
    note: Text(2000) = ""  # type: ignore[valid-type]


class MatchStatusIn(Schema):
    status: MatchStatus
    note: Text(2000) = ""  # type: ignore[valid-type]


class SuggestionOut(Schema):
    offer_id: int
    need_id: int
    offer_title: str
    need_title: str
    score: int
    places: int
    reasons: list[ReasonOut]


class InitiativeOut(Schema):
    id: int
    title_sv: str
    title_en: str
    description: str
    owner: OrganisationRef
    funder: OrganisationRef | None
    budget_sek: int | None
    target_group: str
    areas: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    status: InitiativeStatus
    url: str


class OverlapOut(Schema):
    first_id: int
    second_id: int
    areas: list[str]
    start: dt.date | None
    end: dt.date | None


class InitiativeOverviewOut(Schema):
    initiatives: list[InitiativeOut]
    white_spots: list[str] = Field(description="Areas that no planned or running initiative covers.")
    overlaps: list[OverlapOut]
    by_status: dict[str, int]


class InitiativeIn(Schema):
    title_sv: Text(250) = ""  # type: ignore[valid-type]
    title_en: Text(250) = ""  # type: ignore[valid-type]
    description: Text(5000) = ""  # type: ignore[valid-type]
    owner: Text(120) = Field(description="Organisation slug.")  # type: ignore[valid-type]
    funder: Text(120) | None = Field(None, description="Organisation slug.")  # type: ignore[valid-type]
    budget_sek: int | None = Field(None, ge=0, le=10**13)
    target_group: Text(200) = ""  # type: ignore[valid-type]
    areas: list[Text(80)] = Field(min_length=1, max_length=20)  # type: ignore[valid-type]
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: InitiativeStatus = InitiativeStatus.PLANNED
    url: Text(500) = ""  # type: ignore[valid-type]
    is_public: bool = True


class DecisionOut(Schema):
    id: int
    decided_on: dt.date
    title: str
    details: str
    decided_by: str
    responsible: str
    follow_up_on: dt.date | None
    followed_up: bool
    initiative_id: int | None
    match_id: int | None


class DecisionIn(Schema):
    decided_on: dt.date
    title: Text(250) = Field(min_length=1)  # type: ignore[valid-type]
    details: Text(5000) = ""  # type: ignore[valid-type]
    decided_by: Text(250) = ""  # type: ignore[valid-type]
    responsible: Text(250) = ""  # type: ignore[valid-type]
    follow_up_on: dt.date | None = None
    initiative_id: int | None = Field(None, ge=1, le=MAX_ID)
    match_id: int | None = Field(None, ge=1, le=MAX_ID)


# --- conversions ----------------------------------------------------------------------------------


def _org(org: Organisation) -> OrganisationRef:
    return OrganisationRef(slug=org.slug, name=org.name)


def contribution_out(item: Contribution, user: Any) -> ContributionOut:
    contact = None
    if item.contact is not None and policy.can_see_contacts(user, item):
        contact = ContactOut(name=item.contact.name, email=item.contact.email)
    return ContributionOut(
        id=item.pk,
        type=ContributionType(item.type),
        title=item.title,
        display_title=item.display_title,
        description=item.description,
        organisation=_org(item.organisation),
        areas=sorted(area.code for area in item.areas.all()),
        level=item.level,
        capacity_per_year=item.capacity_per_year,
        places_matched=int(getattr(item, "used_places", 0)),
        start_date=item.start_date,
        end_date=item.end_date,
        region=item.effective_region,
        remote_possible=item.remote_possible,
        status=ContributionStatus(item.status),
        source=item.source,
        is_public=item.is_public,
        contact=contact,
    )


def _labels() -> dict[str, dict[str, str]]:
    return {
        lang: {area.code: getattr(area, f"label_{lang}") for area in current_areas()} for lang in ("sv", "en")
    }


def _reasons(items: list[dict[str, Any]], labels: dict[str, dict[str, str]]) -> list[ReasonOut]:
    """Reasons in both languages: the API has no language prefix, so it gives both, like the taxonomy."""
    out = []
    for r in items:
        texts = {}
        for lang in ("sv", "en"):
            with translation.override(lang):
                texts[lang] = reason_text(r, labels[lang])
        out.append(
            ReasonOut(
                factor=str(r.get("factor", "")),
                points=int(r.get("points", 0)),
                max=int(r.get("max", 0)),
                text_sv=texts["sv"],
                text_en=texts["en"],
                detail=dict(r.get("detail", {})),
            )
        )
    return out


def match_out(match: Match, labels: dict[str, dict[str, str]] | None = None) -> MatchOut:
    labels = labels if labels is not None else _labels()
    return MatchOut(
        id=match.pk,
        offer_id=match.offer_id,
        need_id=match.need_id,
        offer_title=match.offer.display_title,
        need_title=match.need.display_title,
        offer_organisation=_org(match.offer.organisation),
        need_organisation=_org(match.need.organisation),
        status=MatchStatus(match.status),
        places=match.places,
        score=match.score,
        reasons=_reasons(match.reasons, labels),
        confirmed_at=match.confirmed_at,
        started_at=match.started_at,
        completed_at=match.completed_at,
        cancelled_at=match.cancelled_at,
    )


def initiative_out(initiative: Initiative) -> InitiativeOut:
    return InitiativeOut(
        id=initiative.pk,
        title_sv=initiative.title_sv,
        title_en=initiative.title_en,
        description=initiative.description,
        owner=_org(initiative.owner),
        funder=_org(initiative.funder) if initiative.funder else None,
        budget_sek=int(initiative.budget_sek) if initiative.budget_sek is not None else None,
        target_group=initiative.target_group,
        areas=sorted(area.code for area in initiative.areas.all()),
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        status=InitiativeStatus(initiative.status),
        url=initiative.url,
    )


def decision_out(decision: Decision) -> DecisionOut:
    return DecisionOut(
        id=decision.pk,
        decided_on=decision.decided_on,
        title=decision.title,
        details=decision.details,
        decided_by=decision.decided_by,
        responsible=decision.responsible,
        follow_up_on=decision.follow_up_on,
        followed_up=decision.followed_up,
        initiative_id=decision.initiative_id,
        match_id=decision.match_id,
    )


def _require_coordinator(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not policy.is_coordinator(user):
        raise HttpError(403, "only coordinators may do this")
    return user


def _organisation(slug: str, field: str) -> Organisation:
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise HttpError(422, f"{field}: unknown organisation {slug!r}")
    return org


# --- offers and needs -------------------------------------------------------------------------------


def _page(
    request: HttpRequest, qs: QuerySet[Any], params: ContributionFilterParams, user: Any
) -> ContributionPage:
    items = list(qs[params.offset : params.offset + params.limit])
    return ContributionPage(
        count=qs.count(),
        limit=params.limit,
        offset=params.offset,
        items=[contribution_out(item, user) for item in items],
    )


def _filters(params: ContributionFilterParams) -> selectors.ContributionFilters:
    return selectors.ContributionFilters(
        type=str(params.type or ""),
        area=params.area or "",
        level=str(params.level or ""),
        region=params.region or "",
        status=str(params.status or ""),
        organisation=params.organisation or "",
    )


@router.get(
    "/offers", response={200: ContributionPage, **errors(*READ_ERRORS)}, summary="Offers from need owners"
)
def offer_list(request: HttpRequest, params: Query[ContributionFilterParams]) -> ContributionPage:
    user = optional_user(request)
    return _page(request, selectors.offer_list(user=user, filters=_filters(params)), params, user)


@router.get(
    "/needs", response={200: ContributionPage, **errors(*READ_ERRORS)}, summary="Needs from providers"
)
def need_list(request: HttpRequest, params: Query[ContributionFilterParams]) -> ContributionPage:
    user = optional_user(request)
    return _page(request, selectors.need_list(user=user, filters=_filters(params)), params, user)


def _visible_item(qs: QuerySet[Any], pk: int, user: Any) -> Contribution:
    item: Contribution = get_object_or_404(qs, pk=pk)
    return item


@router.get(
    "/offers/{offer_id}", response={200: ContributionOut, **errors(*ITEM_ERRORS)}, summary="One offer"
)
def offer_detail(request: HttpRequest, offer_id: int) -> ContributionOut:
    user = optional_user(request)
    return contribution_out(_visible_item(selectors.offer_list(user=user), offer_id, user), user)


@router.get("/needs/{need_id}", response={200: ContributionOut, **errors(*ITEM_ERRORS)}, summary="One need")
def need_detail(request: HttpRequest, need_id: int) -> ContributionOut:
    user = optional_user(request)
    return contribution_out(_visible_item(selectors.need_list(user=user), need_id, user), user)


def _create_contribution(request: HttpRequest, data: ContributionIn, kind: str) -> ContributionOut:
    user = request.auth  # type: ignore[attr-defined]
    org = _organisation(data.organisation, "organisation")
    if not policy.can_manage_organisation(user, org.pk):
        raise HttpError(403, "you may register only for your own organisation")
    create = services.offer_create if kind == "offer" else services.need_create
    item = create(
        organisation=org,
        type=str(data.type),
        areas=services.areas_from_codes(list(data.areas)),
        title=data.title,
        description=data.description,
        level=str(data.level or ""),
        capacity_per_year=data.capacity_per_year,
        start_date=data.start_date,
        end_date=data.end_date,
        region=data.region,
        remote_possible=data.remote_possible,
        is_public=data.is_public,
        created_by=user,
    )
    listing = selectors.offer_list if kind == "offer" else selectors.need_list
    return contribution_out(listing(user=user).get(pk=item.pk), user)


@router.post(
    "/offers",
    response={201: ContributionOut, **errors(*WRITE_ERRORS)},
    auth=REQUIRED_AUTH,
    summary="Register an offer",
)
def offer_create(request: HttpRequest, data: ContributionIn) -> Status[ContributionOut]:
    return Status(201, _create_contribution(request, data, "offer"))


@router.post(
    "/needs",
    response={201: ContributionOut, **errors(*WRITE_ERRORS)},
    auth=REQUIRED_AUTH,
    summary="Register a need",
)
def need_create(request: HttpRequest, data: ContributionIn) -> Status[ContributionOut]:
    return Status(201, _create_contribution(request, data, "need"))


# --- matches ------------------------------------------------------------------------------------------


class MatchFilterParams(PageParams):
    status: MatchStatus | None = None


class MatchPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MatchOut]


@router.get(
    "/matches",
    response={200: MatchPage, **errors(*READ_ERRORS)},
    summary="Matches (public: agreed matches between public offers and needs)",
)
def match_list(request: HttpRequest, params: Query[MatchFilterParams]) -> MatchPage:
    qs = selectors.match_list(user=optional_user(request), status=str(params.status or ""))
    labels = _labels()
    items = list(qs[params.offset : params.offset + params.limit])
    return MatchPage(
        count=qs.count(),
        limit=params.limit,
        offset=params.offset,
        items=[match_out(m, labels) for m in items],
    )


@router.get("/matches/{match_id}", response={200: MatchOut, **errors(*ITEM_ERRORS)}, summary="One match")
def match_detail(request: HttpRequest, match_id: int) -> MatchOut:
    return match_out(get_object_or_404(selectors.match_list(user=optional_user(request)), pk=match_id))


@router.get(
    "/suggestions",
    response={200: list[SuggestionOut], **errors(401, 403, 422)},
    auth=REQUIRED_AUTH,
    summary="Suggested matches with their reasons (coordinators)",
)
def suggestion_list(
    request: HttpRequest, min_score: int = Query(0, ge=0, le=100), limit: int = Query(100, ge=1, le=500)
) -> list[SuggestionOut]:
    _require_coordinator(request)
    labels = _labels()
    return [
        SuggestionOut(
            offer_id=s.offer.pk,
            need_id=s.need.pk,
            offer_title=s.offer.display_title,
            need_title=s.need.display_title,
            score=s.score,
            places=s.places,
            reasons=_reasons(s.reasons, labels),
        )
        for s in selectors.suggestion_list(min_score=min_score, limit=limit)
    ]


@router.post(
    "/matches",
    response={201: MatchOut, **errors(*WRITE_ERRORS)},
    auth=REQUIRED_AUTH,
    summary="Confirm a match between an offer and a need (coordinators)",
)
def match_confirm(request: HttpRequest, data: MatchIn) -> Status[MatchOut]:
    user = _require_coordinator(request)
    offer = get_object_or_404(Offer, pk=data.offer_id)
    need = get_object_or_404(Need, pk=data.need_id)
    match = services.match_confirm(offer=offer, need=need, by=user, places=data.places, note=data.note)
    return Status(201, match_out(match))


@router.post(
    "/matches/{match_id}/status",
    response={200: MatchOut, **errors(*WRITE_ERRORS)},
    auth=REQUIRED_AUTH,
    summary="Move a match to in progress, completed or cancelled (coordinators)",
)
def match_status(request: HttpRequest, match_id: int, data: MatchStatusIn) -> MatchOut:
    _require_coordinator(request)
    match = get_object_or_404(Match, pk=match_id)
    return match_out(services.match_set_status(match=match, status=str(data.status), note=data.note))


# --- initiatives and decisions -------------------------------------------------------------------------


@router.get(
    "/initiatives",
    response={200: InitiativeOverviewOut, **errors(*READ_ERRORS)},
    summary="Initiatives with white spots and overlaps",
)
def initiative_list(request: HttpRequest) -> InitiativeOverviewOut:
    overview = selectors.initiative_overview(user=optional_user(request))
    return InitiativeOverviewOut(
        initiatives=[initiative_out(i) for i in overview.initiatives],
        white_spots=[area.code for area in overview.white_spots],
        overlaps=[
            OverlapOut(
                first_id=o.first.pk,
                second_id=o.second.pk,
                areas=[a.code for a in o.areas],
                start=o.start,
                end=o.end,
            )
            for o in overview.overlaps
        ],
        by_status=overview.by_status,
    )


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, **errors(*ITEM_ERRORS)},
    summary="One initiative",
)
def initiative_detail(request: HttpRequest, initiative_id: int) -> InitiativeOut:
    return initiative_out(
        get_object_or_404(selectors.initiative_list(user=optional_user(request)), pk=initiative_id)
    )


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **errors(*WRITE_ERRORS)},
    auth=REQUIRED_AUTH,
    summary="Register an initiative (coordinators)",
)
def initiative_create(request: HttpRequest, data: InitiativeIn) -> Status[InitiativeOut]:
    _require_coordinator(request)
    if not data.title_sv.strip() and not data.title_en.strip():
        raise HttpError(422, "title_sv: give a title in Swedish or English")
    initiative = services.initiative_save(
        owner=_organisation(data.owner, "owner"),
        funder=_organisation(data.funder, "funder") if data.funder else None,
        areas=services.areas_from_codes(list(data.areas)),
        title_sv=data.title_sv,
        title_en=data.title_en,
        description=data.description,
        budget_sek=data.budget_sek,
        target_group=data.target_group,
        start_date=data.start_date,
        end_date=data.end_date,
        status=str(data.status),
        url=data.url,
        is_public=data.is_public,
    )
    return Status(201, initiative_out(initiative))


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **errors(401, 403, 422)},
    auth=REQUIRED_AUTH,
    summary="The decision log (coordinators)",
)
def decision_list(request: HttpRequest, due_only: bool = False) -> list[DecisionOut]:
    _require_coordinator(request)
    return [decision_out(d) for d in selectors.decision_list(due_only=due_only)]


@router.post(
    "/decisions",
    response={201: DecisionOut, **errors(*WRITE_ERRORS)},
    auth=REQUIRED_AUTH,
    summary="Log a decision (coordinators)",
)
def decision_create(request: HttpRequest, data: DecisionIn) -> Status[DecisionOut]:
    user = _require_coordinator(request)
    initiative = get_object_or_404(Initiative, pk=data.initiative_id) if data.initiative_id else None
    match = get_object_or_404(Match, pk=data.match_id) if data.match_id else None
    if not data.title.strip():
        raise HttpError(422, "title: must not be blank")
    decision = services.decision_record(
        decided_on=data.decided_on,
        title=data.title,
        details=data.details,
        decided_by=data.decided_by,
        responsible=data.responsible,
        follow_up_on=data.follow_up_on,
        initiative=initiative,
        match=match,
        created_by=user,
    )
    return Status(201, decision_out(decision))


# --- actors and figures ----------------------------------------------------------------------------


class ActorOut(Schema):
    organisation: OrganisationRef
    role: ActorRoleKind
    region: str


class ActorFilterParams(Schema):
    role: ActorRoleKind | None = None


@router.get("/actors", response={200: list[ActorOut], **errors(*READ_ERRORS)}, summary="Actors by role")
def actor_list(request: HttpRequest, params: Query[ActorFilterParams]) -> list[ActorOut]:
    return [
        ActorOut(organisation=_org(a.organisation), role=ActorRoleKind(a.role), region=a.effective_region)
        for a in selectors.actor_list(role=str(params.role or ""))
    ]


class SummaryOut(Schema):
    open_offers: int
    open_needs: int
    open_offers_without_match: int
    open_needs_without_match: int
    matches_by_status: dict[str, int]
    initiatives_by_status: dict[str, int]
    follow_ups_due: int | None = Field(description="Coordinators only; null for others.")
    suggestions: int | None = Field(description="Coordinators only; null for others.")


@router.get(
    "/summary",
    response={200: SummaryOut, **errors(*READ_ERRORS)},
    summary="The coordination figures of the dashboard (visible to the caller)",
)
def summary(request: HttpRequest) -> SummaryOut:
    return SummaryOut(**selectors.dashboard_coordination_summary(user=optional_user(request)))
