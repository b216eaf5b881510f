"""Who may do what in the surveys: one policy object, so every view asks the same questions.

An Actor is built once per request from the logged-in user's memberships and the access links the
session holds. Roles: coordinator (everything in every round), respondent (their own organisation's
response, via a link or a login), viewer (published aggregates only). Superusers are coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from kartlagg.surveys.models import Round, SurveyMembership, SurveyRole

SESSION_KEY = "kartlagg_survey_links"


@dataclass(frozen=True)
class Actor:
    user: Any = None
    label: str = "anonymous"
    via: str = "anonymous"
    is_coordinator: bool = False
    is_viewer: bool = False
    respondent_org_ids: frozenset[int] = frozenset()
    # (round id, organisation id) -> (access link id, contact id or None) granted by a link this session.
    link_grants: dict[tuple[int, int], tuple[int, int | None]] = field(default_factory=dict)

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and not self.link_grants


def actor_for_user(
    user: AbstractBaseUser | AnonymousUser | None, *, link_grants: dict | None = None
) -> Actor:
    grants = dict(link_grants or {})
    if user is None or not user.is_authenticated:
        return Actor(
            label="link" if grants else "anonymous", via="link" if grants else "anonymous", link_grants=grants
        )
    roles = list(SurveyMembership.objects.filter(user_id=user.pk).values_list("role", "organisation_id"))
    return Actor(
        user=user,
        label=user.get_username(),
        via="login",
        is_coordinator=bool(getattr(user, "is_superuser", False))
        or any(r == SurveyRole.COORDINATOR for r, _ in roles),
        is_viewer=any(r == SurveyRole.VIEWER for r, _ in roles),
        respondent_org_ids=frozenset(o for r, o in roles if r == SurveyRole.RESPONDENT and o is not None),
        link_grants=grants,
    )


class SurveyPolicy:
    """Every access decision in the surveys. Methods answer yes or no; views turn no into 403/404."""

    @staticmethod
    def can_manage_rounds(actor: Actor) -> bool:
        return actor.is_coordinator

    @staticmethod
    def can_see_round_status(actor: Actor, round: Round) -> bool:
        return actor.is_coordinator

    @staticmethod
    def can_answer(actor: Actor, round: Round, organisation_id: int) -> bool:
        """Edit this organisation's response: its respondents, by login or by a link for this round."""
        return organisation_id in actor.respondent_org_ids or (round.pk, organisation_id) in actor.link_grants

    @classmethod
    def can_view_response(cls, actor: Actor, round: Round, organisation_id: int) -> bool:
        return actor.is_coordinator or cls.can_answer(actor, round, organisation_id)

    @staticmethod
    def can_view_aggregates(actor: Actor, round: Round) -> bool:
        """A published round's disclosure-controlled tables are public, on the web page as in the API;
        before publication only coordinators see anything."""
        return actor.is_coordinator or round.published_at is not None

    @staticmethod
    def sees_uncontrolled_summaries(actor: Actor) -> bool:
        """The hard-to-find ranking, willingness and response counts per sector are not passed through
        disclosure control (a sector may hold one organisation), so they stay with the survey roles."""
        return actor.is_coordinator or actor.is_viewer

    @staticmethod
    def sees_suppressed_cells(actor: Actor) -> bool:
        """Only coordinators see the values behind small cells; everyone else gets them suppressed."""
        return actor.is_coordinator

    @staticmethod
    def can_view_audit(actor: Actor) -> bool:
        return actor.is_coordinator

    @staticmethod
    def can_view_interviews(actor: Actor) -> bool:
        return actor.is_coordinator


policy = SurveyPolicy()
