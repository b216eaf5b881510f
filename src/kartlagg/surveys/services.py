"""Write side of the surveys: instruments, rounds, invitations, links, answers, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kartlagg.organisations.models import Contact, Organisation
from kartlagg.surveys import tokens
from kartlagg.surveys.instrument import (
    ATMP_DEMAND,
    Instrument,
    InstrumentError,
    Validation,
    instrument_hash,
    instrument_to_dict,
    load_shipped_instrument,
    validate_complete,
    validate_partial,
)
from kartlagg.surveys.models import (
    AccessLink,
    AuditEntry,
    AuditKind,
    InstrumentVersion,
    Invitation,
    ResponseStatus,
    Round,
    RoundStatus,
    SurveyResponse,
)
from kartlagg.surveys.policy import Actor


class RoundStateError(ValidationError):
    """The round or response is not in a state that allows this (closed round, submitted response...)."""


# --------------------------------------------------------------------------- instruments


def instrument_install(*, instrument: Instrument) -> InstrumentVersion:
    """Store an instrument version; installing the same content again returns the stored row.

    The same id and version with different content is refused: rounds keep pointing at what respondents
    saw, so a changed questionnaire needs a new version number.
    """
    content_hash = instrument_hash(instrument)
    existing = InstrumentVersion.objects.filter(
        instrument_id=instrument.id, version=instrument.version
    ).first()
    if existing is not None:
        if existing.content_hash != content_hash:
            raise InstrumentError(
                f"instrument {instrument.id!r} version {instrument.version!r} is already stored with other "
                "content; give the changed questionnaire a new version"
            )
        return existing
    same = InstrumentVersion.objects.filter(instrument_id=instrument.id, content_hash=content_hash).first()
    if same is not None:
        return same
    row = InstrumentVersion(
        instrument_id=instrument.id,
        version=instrument.version,
        content_hash=content_hash,
        definition=instrument_to_dict(instrument),
        title_sv=instrument.title.sv,
        title_en=instrument.title.en,
    )
    row.full_clean()
    row.save()
    return row


def instrument_install_shipped(*, instrument_id: str = ATMP_DEMAND) -> InstrumentVersion:
    return instrument_install(instrument=load_shipped_instrument(instrument_id))


# --------------------------------------------------------------------------- rounds


def round_create(
    *,
    title: str,
    instrument: InstrumentVersion,
    closes_at: dt.datetime,
    created_by: Any = None,
    is_illustrative: bool = False,
    note: str = "",
) -> Round:
    if closes_at <= timezone.now() and not is_illustrative:
        raise ValidationError({"closes_at": "The closing date must lie in the future."})
    round_ = Round(
        title=title.strip(),
        instrument=instrument,
        closes_at=closes_at,
        created_by=created_by,
        is_illustrative=is_illustrative,
        note=note,
    )
    round_.full_clean()
    round_.save()
    return round_


def round_open(*, round: Round) -> Round:
    if round.status == RoundStatus.CLOSED:
        raise RoundStateError("A closed round cannot be opened again; create a new round.")
    if round.status == RoundStatus.DRAFT:
        round.status = RoundStatus.OPEN
        round.opened_at = timezone.now()
        round.save(update_fields=["status", "opened_at"])
    return round


def round_close(*, round: Round) -> Round:
    if round.status != RoundStatus.CLOSED:
        round.status = RoundStatus.CLOSED
        round.opened_at = round.opened_at or timezone.now()
        round.closed_at = timezone.now()
        round.save(update_fields=["status", "opened_at", "closed_at"])
        # Links die with the round: nobody can change answers once totals are being published.
        AccessLink.objects.filter(invitation__round=round, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return round


def round_publish(*, round: Round, published: bool = True) -> Round:
    round.published_at = timezone.now() if published else None
    round.save(update_fields=["published_at"])
    return round


# --------------------------------------------------------------------------- invitations and links


@dataclass(frozen=True)
class IssuedLink:
    """A freshly issued link. The token exists only here (and in the e-mail); the database has a hash."""

    organisation: Organisation
    contact: Contact | None
    token: str
    url: str


@dataclass
class InviteResult:
    invitations: list[Invitation] = field(default_factory=list)
    created: int = 0
    links: list[IssuedLink] = field(default_factory=list)
    emails_sent: int = 0


def link_issue(*, invitation: Invitation, contact: Contact | None, base_url: str) -> IssuedLink:
    token, selector, verifier_hash = tokens.new_token()
    AccessLink.objects.create(
        invitation=invitation,
        contact=contact,
        selector=selector,
        verifier_hash=verifier_hash,
        expires_at=invitation.round.closes_at,
    )
    language = contact.preferred_language if contact else "sv"
    with translation.override(language):
        path = reverse("surveys:link", kwargs={"token": token})
    return IssuedLink(
        organisation=invitation.organisation, contact=contact, token=token, url=base_url.rstrip("/") + path
    )


def link_resolve(*, token: str) -> AccessLink | None:
    """The usable link this token opens, or None: unknown, wrong secret, expired or revoked look alike."""
    parts = tokens.split_token(token)
    if parts is None:
        return None
    selector, secret = parts
    link = (
        AccessLink.objects.select_related("invitation__round", "invitation__organisation", "contact")
        .filter(selector=selector)
        .first()
    )
    if link is None:
        # Spend the same hashing work as a real check so timing does not tell a known selector apart.
        tokens.secret_matches(secret, "0" * 64)
        return None
    if not tokens.secret_matches(secret, link.verifier_hash) or not link.is_usable():
        return None
    if link.invitation.round.status != RoundStatus.OPEN:
        return None
    AccessLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


def _send_link_mail(*, link: IssuedLink, round: Round, template: str) -> int:
    if link.contact is None:
        return 0
    with translation.override(link.contact.preferred_language):
        context = {"round": round, "link": link, "contact": link.contact, "organisation": link.organisation}
        subject = render_to_string(f"surveys/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"surveys/email/{template}_body.txt", context)
    return send_mail(subject, body, None, [link.contact.email])


@transaction.atomic
def round_invite(
    *,
    round: Round,
    organisations: Iterable[Organisation],
    base_url: str,
    contacts: Iterable[Contact] | None = None,
    send: bool = True,
) -> InviteResult:
    """Invite organisations: each gets one response row and one link per contact (all contacts, or those
    given). Inviting an organisation again adds links for new contacts and never a second response."""
    if round.status == RoundStatus.CLOSED:
        raise RoundStateError("The round is closed.")
    chosen = {c.pk: c for c in contacts} if contacts is not None else None
    result = InviteResult()
    for organisation in organisations:
        invitation, created = Invitation.objects.get_or_create(round=round, organisation=organisation)
        SurveyResponse.objects.get_or_create(round=round, organisation=organisation)
        result.invitations.append(invitation)
        result.created += int(created)
        org_contacts = [c for c in organisation.contacts.all() if chosen is None or c.pk in chosen]
        already = set(invitation.links.values_list("contact_id", flat=True))
        for contact in org_contacts:
            if contact.pk in already:
                continue
            link = link_issue(invitation=invitation, contact=contact, base_url=base_url)
            result.links.append(link)
            if send and round.status == RoundStatus.OPEN:
                result.emails_sent += _send_link_mail(link=link, round=round, template="invitation")
    return result


@dataclass
class ReminderResult:
    organisations: list[Organisation] = field(default_factory=list)
    emails_sent: int = 0


def round_send_reminders(*, round: Round, base_url: str) -> ReminderResult:
    """E-mail every contact of each invited organisation that has not submitted, with a fresh link
    (earlier links stay valid: we cannot resend them, we keep only their hashes)."""
    if not round.accepts_answers:
        raise RoundStateError("Reminders go out only while the round is open.")
    result = ReminderResult()
    submitted = SurveyResponse.objects.filter(round=round, status=ResponseStatus.SUBMITTED).values(
        "organisation_id"
    )
    pending = (
        Invitation.objects.filter(round=round)
        .exclude(organisation_id__in=submitted)
        .select_related("organisation")
    )
    for invitation in pending:
        sent = 0
        for contact in invitation.organisation.contacts.all():
            link = link_issue(invitation=invitation, contact=contact, base_url=base_url)
            sent += _send_link_mail(link=link, round=round, template="reminder")
        Invitation.objects.filter(pk=invitation.pk).update(
            reminders_sent=invitation.reminders_sent + 1, last_reminded_at=timezone.now()
        )
        result.organisations.append(invitation.organisation)
        result.emails_sent += sent
    return result


# --------------------------------------------------------------------------- answers


@dataclass
class SaveResult:
    saved: list[str]
    errors: dict[str, str]
    revision: int
    status: str


def _audit(response: SurveyResponse, actor: Actor, **fields: Any) -> AuditEntry:
    grant = actor.link_grants.get((response.round_id, response.organisation_id))
    contact_id = grant[1] if grant else None
    label = _actor_label(actor, contact_id)
    return AuditEntry(
        response=response,
        actor_user=actor.user if actor.user is not None and actor.user.is_authenticated else None,
        actor_contact_id=contact_id,
        actor_label=label[:250],
        via=actor.via if not (actor.user is None and grant) else "link",
        **fields,
    )


def _actor_label(actor: Actor, contact_id: int | None) -> str:
    if contact_id is None or actor.user is not None:
        return actor.label
    contact = Contact.objects.filter(pk=contact_id).only("name", "email").first()
    return f"{contact.name} <{contact.email}>" if contact else "link"


def _locked(response: SurveyResponse) -> SurveyResponse:
    return (
        SurveyResponse.objects.select_for_update()
        .select_related("round__instrument")
        .defer("round__instrument__definition")
        .get(pk=response.pk)
    )


def _apply(locked: SurveyResponse, updates: Mapping[str, Any], actor: Actor) -> list[str]:
    """Merge cleaned answers into the row, one audit entry per question that really changed."""
    answers = dict(locked.answers)
    changed: list[str] = []
    entries: list[AuditEntry] = []
    template: AuditEntry | None = None
    for qid, value in updates.items():
        old = answers.get(qid)
        if old == value:
            continue
        if value is None:
            answers.pop(qid, None)
        else:
            answers[qid] = value
        changed.append(qid)
        # One actor lookup per save, however many questions changed.
        template = template or _audit(locked, actor, kind=AuditKind.ANSWER)
        entries.append(
            AuditEntry(
                response=locked,
                kind=AuditKind.ANSWER,
                question_id=qid,
                old_value=old,
                new_value=value,
                actor_user=template.actor_user,
                actor_contact_id=template.actor_contact_id,
                actor_label=template.actor_label,
                via=template.via,
            )
        )
    if changed:
        locked.answers = answers
        locked.revision += 1
        locked.first_saved_at = locked.first_saved_at or timezone.now()
        AuditEntry.objects.bulk_create(entries)
    return changed


def _require_open(locked: SurveyResponse) -> None:
    if not locked.round.accepts_answers:
        raise RoundStateError("The round is closed; answers can no longer change.")


@transaction.atomic
def response_save_draft(
    *, response: SurveyResponse, raw_answers: Mapping[str, Any], actor: Actor, language: str = ""
) -> SaveResult:
    """Autosave: the given questions are replaced (valid ones), others are kept. Row-locked, so two
    contacts saving different questions of the same response at once both keep their answers."""
    locked = _locked(response)
    _require_open(locked)
    if locked.status == ResponseStatus.SUBMITTED:
        raise RoundStateError("The response is submitted; reopen it to change answers.")
    validation = validate_partial(locked.round.questionnaire, raw_answers)
    changed = _apply(locked, validation.cleaned, actor)
    if changed or language:
        locked.language = language or locked.language
        locked.save(update_fields=["answers", "revision", "first_saved_at", "language", "updated_at"])
    return SaveResult(saved=changed, errors=validation.errors, revision=locked.revision, status=locked.status)


@transaction.atomic
def response_submit(
    *,
    response: SurveyResponse,
    actor: Actor,
    raw_answers: Mapping[str, Any] | None = None,
    language: str = "",
) -> Validation:
    """Save what is sent, then check the whole response; submitted only when every check passes."""
    locked = _locked(response)
    _require_open(locked)
    if locked.status == ResponseStatus.SUBMITTED:
        raise RoundStateError("The response is already submitted.")
    instrument = locked.round.questionnaire
    if raw_answers:
        partial = validate_partial(instrument, raw_answers)
        _apply(locked, partial.cleaned, actor)
        if partial.errors:
            locked.save(update_fields=["answers", "revision", "first_saved_at", "updated_at"])
            full = validate_complete(instrument, locked.answers)
            full.errors.update(partial.errors)
            return full
    validation = validate_complete(instrument, locked.answers)
    if validation.ok:
        # Answers to questions a condition now hides are removed (and audited) before counting.
        _apply(locked, {q: None for q in locked.answers if q not in validation.cleaned}, actor)
        locked.status = ResponseStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = _audit(locked, actor, kind=AuditKind.SUBMIT).actor_label
        locked.first_saved_at = locked.first_saved_at or locked.submitted_at
        AuditEntry.objects.bulk_create([_audit(locked, actor, kind=AuditKind.SUBMIT)])
    locked.language = language or locked.language
    locked.full_clean()
    locked.save()
    return validation


@transaction.atomic
def response_reopen(*, response: SurveyResponse, actor: Actor) -> SurveyResponse:
    locked = _locked(response)
    _require_open(locked)
    if locked.status != ResponseStatus.SUBMITTED:
        return locked
    locked.status = ResponseStatus.DRAFT
    locked.submitted_at = None
    locked.submitted_by = ""
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    AuditEntry.objects.bulk_create([_audit(locked, actor, kind=AuditKind.REOPEN)])
    return locked
