"""Interviews: who was asked (role, organisation), what consent they gave, and coded statements.

A statement is tagged with competence areas and themes so it can be read next to the survey totals.
It reaches a report as a quote only when it is a verbatim quote AND the interviewee consented to
quotes; everything else stays an internal note or a paraphrase.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kartlagg.organisations.models import Organisation
from kartlagg.taxonomy.models import CompetenceArea


class Theme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    label_sv = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label_en

    @property
    def label(self) -> str:
        from django.utils import translation

        return self.label_en if translation.get_language() == "en" else self.label_sv


class Consent(models.TextChoices):
    NONE = "none", _("No consent recorded")
    NAMED = "named", _("May be named as interviewed")
    QUOTES = "quotes", _("May be named and quoted")


class Interview(models.Model):
    person_name = models.CharField(_("person"), max_length=200)
    person_role = models.CharField(_("role"), max_length=250)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="interviews")
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    interviewer = models.CharField(_("interviewer"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices, default=Consent.NONE)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    # Demo material that reconstructs a published report is flagged everywhere it appears.
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "person_name"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(condition=~models.Q(person_name=""), name="interview_person_not_empty"),
            models.CheckConstraint(
                condition=models.Q(consent="none") | models.Q(consent_recorded_at__isnull=False),
                name="interview_consent_has_date",
            ),
            models.UniqueConstraint(
                fields=["organisation", "person_name"], name="interview_unique_person_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organisation})"

    @property
    def allows_quotes(self) -> bool:
        return self.consent == Consent.QUOTES


class StatementKind(models.TextChoices):
    QUOTE = "quote", _("Verbatim quote")
    PARAPHRASE = "paraphrase", _("Paraphrase")
    NOTE = "note", _("Interviewer's note")


class Statement(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(
        _("kind"), max_length=12, choices=StatementKind.choices, default=StatementKind.PARAPHRASE
    )
    text = models.TextField(_("text"))
    language = models.CharField(max_length=2, default="sv")
    areas = models.ManyToManyField(CompetenceArea, blank=True, related_name="interview_statements")
    themes = models.ManyToManyField(Theme, blank=True, related_name="statements")
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["interview", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="statement_text_not_empty")]

    def __str__(self) -> str:
        return self.text[:60]
