"""Who may do what in coordination, in one place so views and the API ask the same questions.

Coordinators (superusers or members of the Django group "coordinators") see and confirm everything.
Signed-in members of an organisation manage that organisation's offers and needs. Everyone else reads
the public lists only.
"""

from __future__ import annotations

from typing import Any

from kartlagg.coordination.models import Contribution, Membership

COORDINATORS_GROUP = "coordinators"


def is_coordinator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(user.groups.filter(name=COORDINATORS_GROUP).exists())


def member_organisation_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def can_register(user: Any) -> bool:
    """May open the forms for new offers and needs (for some organisation)."""
    return is_coordinator(user) or bool(member_organisation_ids(user))


def can_manage_organisation(user: Any, organisation_id: int) -> bool:
    return is_coordinator(user) or organisation_id in member_organisation_ids(user)


def can_manage(user: Any, contribution: Contribution) -> bool:
    return can_manage_organisation(user, contribution.organisation_id)


def can_see(user: Any, contribution: Contribution) -> bool:
    return contribution.is_public or can_manage(user, contribution)


def can_see_contacts(user: Any, contribution: Contribution) -> bool:
    """Contact persons are personal data: shown to coordinators and the owning organisation only."""
    return can_manage(user, contribution)
