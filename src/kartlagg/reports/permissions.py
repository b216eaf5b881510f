"""Who may build reports: coordinators — superusers, users with the reports permission, or users with the
coordinator role in the surveys (kartlagg.surveys.policy, the one place that role is defined)."""

from __future__ import annotations

from typing import Any

from django.apps import apps


def can_build_reports(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.has_perm("reports.add_reportbuild"):
        return True
    if apps.is_installed("kartlagg.surveys"):
        from kartlagg.surveys.policy import actor_for_user

        return actor_for_user(user).is_coordinator
    return False
