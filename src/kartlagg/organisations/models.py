"""Organisations: every actor kartlagg speaks of — providers, companies, regions, authorities, funders.

One model shared by the catalogue (providers), the surveys (respondents), job ads (employers) and
coordination (actors), so the same organisation is one row everywhere.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COMPANY_SME = "company_sme", _("Small or medium company")
    COMPANY_LARGE_PHARMA = "company_large_pharma", _("Large pharmaceutical company")
    CDMO = "cdmo", _("Contract development and manufacturing organisation (CDMO)")
    COMPANY_OTHER = "company_other", _("Other company")
    HOSPITAL_REGION = "hospital_region", _("University-hospital region")
    UNIVERSITY = "university", _("University or college")
    ACADEMIC_UNIT = "academic_unit", _("Academic unit")
    AUTHORITY = "authority", _("Authority")
    NETWORK = "network", _("Network or association")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    FUNDER = "funder", _("Funder")
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    """The sectors the 2022 report adds up by."""

    INDUSTRY = "industry", _("Industry")
    HEALTHCARE = "healthcare", _("Healthcare")
    ACADEMIA = "academia", _("Academia")
    PUBLIC = "public", _("Public sector")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    OTHER = "other", _("Other")


SECTOR_BY_KIND: dict[str, str] = {
    OrganisationKind.COMPANY_SME: Sector.INDUSTRY,
    OrganisationKind.COMPANY_LARGE_PHARMA: Sector.INDUSTRY,
    OrganisationKind.CDMO: Sector.INDUSTRY,
    OrganisationKind.COMPANY_OTHER: Sector.INDUSTRY,
    OrganisationKind.HOSPITAL_REGION: Sector.HEALTHCARE,
    OrganisationKind.UNIVERSITY: Sector.ACADEMIA,
    OrganisationKind.ACADEMIC_UNIT: Sector.ACADEMIA,
    OrganisationKind.AUTHORITY: Sector.PUBLIC,
    OrganisationKind.NETWORK: Sector.OTHER,
    OrganisationKind.INFRASTRUCTURE: Sector.INFRASTRUCTURE,
    OrganisationKind.FUNDER: Sector.PUBLIC,
    OrganisationKind.TRAINING_PROVIDER: Sector.OTHER,
    OrganisationKind.OTHER: Sector.OTHER,
}


class Organisation(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(
        _("kind"), max_length=40, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    org_number = models.CharField(_("organisation number"), max_length=40, blank=True)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2, e.g. SE"), default="SE"
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("source"), max_length=250, blank=True, help_text=_("Where this record comes from.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="organisation_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="organisation_country_iso2"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR_BY_KIND.get(self.kind, Sector.OTHER)


class Contact(models.Model):
    """A person at an organisation whom kartlagg may write to (survey invitations, offers)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("sv", "svenska"), ("en", "English")], default="sv"
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="contact_unique_email_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
