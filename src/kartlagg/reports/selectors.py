"""Read side of the status reports."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import QuerySet

from kartlagg.reports.models import Edition, ReportBuild


def edition_list() -> QuerySet[Edition]:
    return (
        Edition.objects.select_related("scenario", "previous")
        .prefetch_related("builds")
        .order_by("-year", "key")
    )


def latest_build(*, edition: Edition, language: str, fmt: str) -> ReportBuild | None:
    return ReportBuild.objects.filter(edition=edition, language=language, format=fmt).first()


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same" | "changed" | "added" | "removed"
    old: str
    new: str


def text_diff(*, old: str, new: str) -> list[DiffLine]:
    """Side-by-side comparison of two editions' text (one block per line), aligned by difflib."""
    a, b = old.splitlines(), new.splitlines()
    out: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(
                DiffLine("same", a[i], b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        elif tag == "replace":
            left, right = a[i1:i2], b[j1:j2]
            for n in range(max(len(left), len(right))):
                old_line = left[n] if n < len(left) else ""
                new_line = right[n] if n < len(right) else ""
                kind = "changed" if old_line and new_line else ("removed" if old_line else "added")
                out.append(DiffLine(kind, old_line, new_line))
        elif tag == "delete":
            out.extend(DiffLine("removed", line, "") for line in a[i1:i2])
        else:
            out.extend(DiffLine("added", "", line) for line in b[j1:j2])
    return out
