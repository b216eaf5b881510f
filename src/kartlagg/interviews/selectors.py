"""Read side of interviews. `quotes_for_report` is what a report may print; nothing else is a quote."""

from __future__ import annotations

from django.db.models import QuerySet

from kartlagg.interviews.models import Consent, Interview, Statement, StatementKind


def interview_list() -> QuerySet[Interview]:
    return Interview.objects.select_related("organisation").prefetch_related("statements")


def quotes_for_report(*, area_code: str | None = None, theme: str | None = None) -> QuerySet[Statement]:
    """Verbatim quotes whose interviewee consented to being quoted, and only those."""
    quotes = Statement.objects.filter(
        kind=StatementKind.QUOTE, interview__consent=Consent.QUOTES
    ).select_related("interview__organisation")
    if area_code:
        quotes = quotes.filter(areas__code=area_code)
    if theme:
        quotes = quotes.filter(themes__slug=theme)
    return quotes.distinct()


def statements_by_area(*, area_code: str) -> QuerySet[Statement]:
    """Every coded statement on an area (internal use by coordinators: notes, paraphrases and quotes)."""
    return (
        Statement.objects.filter(areas__code=area_code).select_related("interview__organisation").distinct()
    )
