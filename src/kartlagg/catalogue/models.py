"""The education catalogue: every kind of offering the 2022 report discusses, mapped to competence areas."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kartlagg.core.vocab import Depth, EducationLevel
from kartlagg.organisations.models import Organisation
from kartlagg.taxonomy.models import CompetenceArea


class OfferingKind(models.TextChoices):
    DEGREE_PROGRAMME = "degree_programme", _("Degree programme")
    COURSE = "course", _("Course")
    E_LEARNING = "e_learning", _("E-learning")
    HANDS_ON = "hands_on", _("Hands-on training")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    WEBINAR_SERIES = "webinar_series", _("Webinar series")
    SEMINAR_SERIES = "seminar_series", _("Seminar series")
    CONFERENCE_COURSE = "conference_course", _("Conference course")
    TRAINING_NETWORK = "training_network", _("Training network or programme")


class Format(models.TextChoices):
    CAMPUS = "campus", _("Campus")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class TargetGroup(models.TextChoices):
    STUDENTS = "students", _("Students")
    PHD_STUDENTS = "phd_students", _("PhD students")
    HEALTHCARE_STAFF = "healthcare_staff", _("Healthcare staff")
    INDUSTRY_STAFF = "industry_staff", _("Industry staff")


class AtmpShare(models.TextChoices):
    NONE = "none", _("None")
    SOME = "some", _("Some elements")
    SUBSTANTIAL = "substantial", _("Substantial")
    DEDICATED = "dedicated", _("Dedicated to ATMP")


class ExtentUnit(models.TextChoices):
    CREDITS = "credits", _("credits (hp/ECTS)")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")


class Offering(models.Model):
    # A stable key, so that re-importing a file updates the same offering instead of adding a copy.
    key = models.SlugField(_("key"), max_length=160, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OfferingKind.choices)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("provider")
    )
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    extent_value = models.DecimalField(_("extent"), max_digits=8, decimal_places=1, null=True, blank=True)
    extent_unit = models.CharField(_("extent unit"), max_length=10, choices=ExtentUnit.choices, blank=True)
    fee = models.CharField(_("fee"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats per year)"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    atmp_share = models.CharField(_("ATMP share"), max_length=12, choices=AtmpShare.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country", "title_sv", "title_en"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_sv="", title_en=""), name="offering_has_a_title"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="offering_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(extent_value__isnull=True) | models.Q(extent_value__gt=0),
                name="offering_extent_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # The list fields are JSON; check them here so the admin refuses what an import would refuse.
        errors: dict[str, Any] = {}
        allowed = {t.value for t in TargetGroup}
        if not isinstance(self.target_groups, list) or any(t not in allowed for t in self.target_groups):
            errors["target_groups"] = _("A list of target groups, each one of: %(allowed)s.") % {
                "allowed": ", ".join(sorted(allowed))
            }
        if not isinstance(self.languages, list) or any(
            not isinstance(code, str) or not re.fullmatch(r"[a-z]{2}", code) for code in self.languages
        ):
            errors["languages"] = _('A list of two-letter language codes, e.g. ["sv", "en"].')
        if not re.fullmatch(r"[A-Z]{2}", self.country or ""):
            errors["country"] = _("A two-letter country code in capitals, e.g. SE.")
        if self.extent_value is not None and not self.extent_unit:
            errors["extent_unit"] = _("Give the unit of the extent.")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        if translation.get_language() == "en":
            return self.title_en or self.title_sv
        return self.title_sv or self.title_en

    @property
    def description(self) -> str:
        if translation.get_language() == "en":
            return self.description_en or self.description_sv
        return self.description_sv or self.description_en


class OfferingArea(models.Model):
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="coverage", verbose_name=_("offering")
    )
    area = models.ForeignKey(
        CompetenceArea, on_delete=models.PROTECT, related_name="coverage", verbose_name=_("competence area")
    )
    depth = models.CharField(_("depth"), max_length=12, choices=Depth.choices)

    class Meta:
        verbose_name = _("covered competence area")
        verbose_name_plural = _("covered competence areas")
        constraints = [models.UniqueConstraint(fields=["offering", "area"], name="offeringarea_unique")]

    def __str__(self) -> str:
        return f"{self.offering} → {self.area.code} ({self.depth})"
