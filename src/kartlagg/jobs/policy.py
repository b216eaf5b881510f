"""Who may start and watch background jobs: coordinators, as the coordination and survey policies define
them (superusers, the "coordinators" group, the surveys' coordinator role). Nothing is redefined here."""

from __future__ import annotations

from typing import Any


def can_run_jobs(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from kartlagg.coordination.policy import is_coordinator
    from kartlagg.surveys.policy import actor_for_user

    return is_coordinator(user) or actor_for_user(user).is_coordinator
