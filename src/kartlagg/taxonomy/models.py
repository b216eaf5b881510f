"""Competence taxonomy as stored: the current areas of each domain plus every version ever loaded.

Each load of a domain pack writes a DomainVersion with the full snapshot, so a figure computed later
can record which version it used even after the pack changes.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class MatchType(models.TextChoices):
    EXACT = "exact", _("exact")
    CLOSE = "close", _("close")
    BROAD = "broad", _("broad")
    NARROW = "narrow", _("narrow")


class Domain(models.Model):
    slug = models.SlugField(unique=True)
    name_sv = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.slug

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_sv

    @property
    def current_version(self) -> DomainVersion | None:
        return self.versions.filter(is_current=True).first()


class DomainVersion(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=40)
    content_hash = models.CharField(max_length=64)
    snapshot = models.JSONField(help_text="The whole validated pack as loaded.")
    loaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("domain version")
        verbose_name_plural = _("domain versions")
        constraints = [
            models.UniqueConstraint(fields=["domain", "content_hash"], name="domainversion_unique_content"),
            models.UniqueConstraint(
                fields=["domain"], condition=models.Q(is_current=True), name="domainversion_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain.slug} {self.version} ({self.content_hash[:8]})"


class CompetenceArea(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="areas")
    code = models.SlugField(max_length=80, help_text="Stable id from the domain pack, e.g. gmp-production.")
    label_sv = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    definition_sv = models.TextField()
    definition_en = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    levels = models.JSONField(default=list)
    terms = models.JSONField(default=dict, help_text="Lexicon per language: {lang: [term, ...]}.")
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(
        default=True, help_text="False when the current pack version no longer has it."
    )
    first_version = models.ForeignKey(DomainVersion, on_delete=models.PROTECT, related_name="+")
    last_version = models.ForeignKey(DomainVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        constraints = [models.UniqueConstraint(fields=["domain", "code"], name="area_unique_code_per_domain")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if translation.get_language() == "en" else self.label_sv

    @property
    def definition(self) -> str:
        return self.definition_en if translation.get_language() == "en" else self.definition_sv


class AreaLink(models.Model):
    """A link from an area to an external vocabulary (JobTech, ESCO) with its SKOS-style match type."""

    area = models.ForeignKey(CompetenceArea, on_delete=models.CASCADE, related_name="links")
    scheme = models.CharField(max_length=30)
    target = models.CharField(max_length=300)
    label = models.CharField(max_length=300, blank=True)
    match = models.CharField(max_length=10, choices=MatchType.choices)

    class Meta:
        ordering = ["scheme", "label"]
        constraints = [models.UniqueConstraint(fields=["area", "scheme", "target"], name="arealink_unique")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.target} ({self.match})"
