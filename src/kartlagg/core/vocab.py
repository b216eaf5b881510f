"""Controlled vocabularies shared across apps, with their translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.TextChoices):
    VOCATIONAL = "vocational", _("Vocational (YH)")
    FIRST_CYCLE = "first_cycle", _("First cycle (bachelor)")
    SECOND_CYCLE = "second_cycle", _("Second cycle (master)")
    THIRD_CYCLE = "third_cycle", _("Third cycle (PhD)")
    PROFESSIONAL = "professional", _("Professional development")


class Depth(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    WORKING = "working", _("Working knowledge")
    EXPERT = "expert", _("Expert")


class Country(models.TextChoices):
    SE = "SE", _("Sweden")
    NO = "NO", _("Norway")
    DK = "DK", _("Denmark")
    FI = "FI", _("Finland")
    IS = "IS", _("Iceland")
    GB = "GB", _("United Kingdom")
    US = "US", _("United States")
    CA = "CA", _("Canada")
    DE = "DE", _("Germany")
    NL = "NL", _("Netherlands")
    EU = "EU", _("European Union (multinational)")


def level_label(code: str) -> str:
    try:
        return str(EducationLevel(code).label)
    except ValueError:
        return code


def country_label(code: str) -> str:
    """The country's name in the active language; a code outside Country is shown as it is."""
    try:
        return str(Country(code).label)
    except ValueError:
        return code
