"""Survey rounds: an instrument version asked of invited organisations, one response each.

Access links store only a hash of their secret; every change of an answer leaves an AuditEntry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kartlagg.organisations.models import Contact, Organisation
from kartlagg.surveys.instrument import Instrument, instrument_from_dict


class SurveyRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    RESPONDENT = "respondent", _("Respondent")
    VIEWER = "viewer", _("Viewer")


class SurveyMembership(models.Model):
    """A user's role in the surveys; a respondent always belongs to one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=SurveyRole.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="survey_memberships"
    )

    class Meta:
        verbose_name = _("survey membership")
        verbose_name_plural = _("survey memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="respondent", organisation__isnull=False) | ~models.Q(role="respondent")
                ),
                name="surveymembership_respondent_has_org",
            ),
            models.UniqueConstraint(fields=["user", "role", "organisation"], name="surveymembership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}" + (
            f" · {self.organisation}" if self.organisation else ""
        )


_PARSED: dict[str, Instrument] = {}


class InstrumentVersion(models.Model):
    """One frozen version of a questionnaire definition; rounds point at it, so answers keep their meaning."""

    instrument_id = models.SlugField(_("instrument"), max_length=64)
    version = models.CharField(_("version"), max_length=40)
    content_hash = models.CharField(max_length=64)
    definition = models.JSONField(help_text="The whole instrument as plain data (instrument_to_dict).")
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument_id", "-created_at"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_id", "version"], name="instrumentversion_unique_version"
            ),
            models.UniqueConstraint(
                fields=["instrument_id", "content_hash"], name="instrumentversion_unique_hash"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.version}"

    @property
    def instrument(self) -> Instrument:
        """The parsed definition, parsed once per process: a version's content never changes (its hash is
        its identity), so requests need not load or parse the JSON again."""
        cached = _PARSED.get(self.content_hash)
        if cached is None:
            cached = _PARSED[self.content_hash] = instrument_from_dict(self.definition, source=str(self))
        return cached


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    title = models.CharField(_("title"), max_length=200)
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="rounds")
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(
        _("aggregates published at"),
        null=True,
        blank=True,
        help_text=_("Viewers see aggregates only once published."),
    )
    # Demo rounds reconstructing published figures carry this flag to every page, export and API answer.
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="round_title_not_empty"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(opened_at__isnull=False),
                name="round_opened_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def questionnaire(self) -> Instrument:
        return self.instrument.instrument

    @property
    def accepts_answers(self) -> bool:
        return self.status == RoundStatus.OPEN and timezone.now() < self.closes_at


class Invitation(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="survey_invitations"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="invitation_one_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organisation}"


class AccessLink(models.Model):
    """A respondent's link. The URL carries `<selector>.<secret>`; only sha256(secret) is stored, so a
    database leak gives no working links, and lookup by selector keeps the secret compare constant-time."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    selector = models.CharField(max_length=24, unique=True)
    verifier_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access link")
        verbose_name_plural = _("access links")
        constraints = [
            models.CheckConstraint(condition=~models.Q(verifier_hash=""), name="accesslink_has_hash")
        ]

    def __str__(self) -> str:
        return f"{self.invitation} · {self.contact or '-'}"

    def is_usable(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class SurveyResponse(models.Model):
    """The one response of one organisation in one round; all its contacts edit this same row."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="survey_responses")
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0, help_text="Bumped on every saved change.")
    language = models.CharField(max_length=2, default="sv")
    first_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.CharField(max_length=250, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="response_one_per_org_and_round"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="response_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organisation}"

    @property
    def progress(self) -> str:
        """not_started / draft / submitted, as the coordinator's status table shows it."""
        if self.status == ResponseStatus.SUBMITTED:
            return "submitted"
        return "draft" if self.first_saved_at else "not_started"


class AuditKind(models.TextChoices):
    ANSWER = "answer", _("Answer changed")
    SUBMIT = "submit", _("Submitted")
    REOPEN = "reopen", _("Reopened")


class AuditEntry(models.Model):
    """Who changed which answer, when, through what (link, login, import, demo)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="audit")
    kind = models.CharField(max_length=10, choices=AuditKind.choices)
    question_id = models.CharField(max_length=64, blank=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=250)
    via = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["response", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="answer") | ~models.Q(question_id=""),
                name="auditentry_answer_names_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind} {self.question_id}"
