"""Who may build reports: coordinators (staff with the reports permission, or superusers)."""

from __future__ import annotations

from typing import Any


def can_build_reports(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_perm("reports.add_reportbuild"))
