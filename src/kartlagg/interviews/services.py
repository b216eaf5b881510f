"""Write side of interviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from kartlagg.interviews.models import Consent, Interview, Statement, Theme
from kartlagg.organisations.models import Organisation
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import area_by_code


def theme_get_or_create(*, slug: str, label_sv: str, label_en: str) -> Theme:
    theme, _created = Theme.objects.get_or_create(
        slug=slug, defaults={"label_sv": label_sv, "label_en": label_en}
    )
    return theme


@transaction.atomic
def interview_record(
    *,
    organisation: Organisation,
    person_name: str,
    person_role: str,
    interviewed_on: dt.date | None = None,
    interviewer: str = "",
    notes: str = "",
    consent: str = Consent.NONE,
    consent_note: str = "",
    is_illustrative: bool = False,
    source: str = "",
) -> Interview:
    """Create or update the interview with this person at this organisation (idempotent by the pair)."""
    interview = Interview.objects.filter(organisation=organisation, person_name=person_name.strip()).first()
    interview = interview or Interview(organisation=organisation, person_name=person_name.strip())
    interview.person_role = person_role
    interview.interviewed_on = interviewed_on
    interview.interviewer = interviewer
    interview.notes = notes
    interview.consent_note = consent_note
    interview.is_illustrative = is_illustrative
    interview.source = source
    interview_set_consent(interview=interview, consent=consent, save=False)
    interview.full_clean()
    interview.save()
    return interview


def interview_set_consent(*, interview: Interview, consent: str, save: bool = True) -> Interview:
    """Record the consent and when it was recorded; withdrawing it takes quotes out of reports at once."""
    if consent not in Consent.values:
        raise ValueError(f"unknown consent {consent!r} (expected one of {', '.join(Consent.values)})")
    if consent != interview.consent or (consent != Consent.NONE and interview.consent_recorded_at is None):
        interview.consent = consent
        interview.consent_recorded_at = None if consent == Consent.NONE else timezone.now()
    if save:
        interview.full_clean()
        interview.save()
    return interview


@transaction.atomic
def statement_add(
    *,
    interview: Interview,
    text: str,
    kind: str,
    area_codes: Sequence[str] = (),
    themes: Sequence[Theme] = (),
    language: str = "sv",
    is_illustrative: bool = False,
) -> Statement:
    """Add a coded statement; an unknown competence-area code is refused with its name."""
    areas: list[CompetenceArea] = [area_by_code(code=code) for code in area_codes]
    statement = Statement(
        interview=interview, text=text.strip(), kind=kind, language=language, is_illustrative=is_illustrative
    )
    statement.full_clean()
    statement.save()
    statement.areas.set(areas)
    statement.themes.set(themes)
    return statement
