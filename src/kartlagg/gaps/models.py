"""Plans and scenarios for the gap analysis.

A plan is demand that is not (yet) in any survey answer: a planned infrastructure such as CCRM Nordic
(50–100 hires within five years of its start) or another region's expansion. A scenario is a named
switch-board a coordinator picks on the gap page: which plans count and which period of job ads.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kartlagg.core.vocab import EducationLevel
from kartlagg.taxonomy.models import CompetenceArea


class PlanKind(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Planned infrastructure")
    REGION = "region", _("Regional plan")
    OTHER = "other", _("Other plan")


class Plan(models.Model):
    key = models.SlugField(max_length=80, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    hires_min = models.PositiveIntegerField(_("hires, low estimate"))
    hires_max = models.PositiveIntegerField(_("hires, high estimate"))
    period = models.CharField(
        _("period"), max_length=100, blank=True, help_text=_("e.g. 5 years after start")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["key"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hires_max__gte=models.F("hires_min")), name="plan_range_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_sv


class PlanDemand(models.Model):
    """How a plan's hires split over competence areas and levels (the parts need not add up to the
    plan total: one hire may need several areas)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="demand")
    area = models.ForeignKey(CompetenceArea, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices, blank=True)
    hires_min = models.PositiveIntegerField(_("hires, low estimate"))
    hires_max = models.PositiveIntegerField(_("hires, high estimate"))

    class Meta:
        verbose_name = _("plan demand")
        verbose_name_plural = _("plan demand")
        constraints = [
            models.UniqueConstraint(fields=["plan", "area", "level"], name="plandemand_unique"),
            models.CheckConstraint(
                condition=models.Q(hires_max__gte=models.F("hires_min")), name="plandemand_range_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.key}: {self.area.code} {self.level or '-'} {self.hires_min}–{self.hires_max}"


class Scenario(models.Model):
    key = models.SlugField(max_length=80, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    plans = models.ManyToManyField(Plan, blank=True, related_name="scenarios", verbose_name=_("plans"))
    ads_from_year = models.PositiveIntegerField(_("ads from year"), null=True, blank=True)
    ads_to_year = models.PositiveIntegerField(_("ads to year"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ads_from_year__isnull=True)
                | models.Q(ads_to_year__isnull=True)
                | models.Q(ads_to_year__gte=models.F("ads_from_year")),
                name="scenario_ads_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="scenario_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_sv

    @property
    def description(self) -> str:
        return self.description_en if translation.get_language() == "en" else self.description_sv
