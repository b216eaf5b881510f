"""Status-report editions, the editor's per-edition prose and the builds made from them."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The sections of the 2022 report, in its order."""

    LEAD = "lead", _("Introduction")
    BACKGROUND = "background", _("Background")
    SUPPLY = "supply", _("Swedish education supply")
    NEEDS = "needs", _("Expected recruitment needs")
    INTERVIEWS = "interviews", _("What the interviews tell")
    ABROAD = "abroad", _("Examples from abroad")
    OUTLOOK = "outlook", _("Summary and outlook")
    APPENDIX = "appendix", _("Appendix")


class Language(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class OutputFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"


class Edition(models.Model):
    key = models.SlugField(max_length=80, unique=True)
    year = models.PositiveIntegerField(_("year"))
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Printed in the report; no build timestamp is."),
    )
    survey_round = models.CharField(
        _("survey round"),
        max_length=100,
        blank=True,
        help_text=_("Id of the survey round the figures come from."),
    )
    scenario = models.ForeignKey(
        "gaps.Scenario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scenario"),
    )
    ads_year = models.PositiveIntegerField(_("year of job ads reported"), null=True, blank=True)
    carried_ads = models.JSONField(
        _("published ad counts carried over"),
        default=list,
        blank=True,
        help_text=_(
            "Used only when the job-ad store has no ads for that year: "
            '[{"year": 2021, "country": "SE", "count": 31}].'
        ),
    )
    carried_ads_source = models.CharField(_("source of the carried ad counts"), max_length=300, blank=True)
    working_group = models.TextField(
        _("working group"), blank=True, help_text=_("One person per line: name, organisation.")
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous edition"),
        help_text=_("Compared with this one on the comparison page."),
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["-year", "key"]
        verbose_name = _("report edition")
        verbose_name_plural = _("report editions")
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2000), name="edition_year_plausible")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if translation.get_language() == "en" else self.title_sv


class SectionText(models.Model):
    """An editor's prose for one section of one edition in one language (replaces the default template).

    The text is a template: {{ company_hires }} and the other names listed in docs/report.md are filled
    from the data at build time."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["edition", "section", "language"]
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        constraints = [
            models.UniqueConstraint(fields=["edition", "section", "language"], name="sectiontext_unique"),
            models.CheckConstraint(condition=~models.Q(text=""), name="sectiontext_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.edition.key} · {self.section} · {self.language}"


class ReportBuild(models.Model):
    """The latest build of an edition in one language and format, with what it was built from."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="builds")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    format = models.CharField(_("format"), max_length=4, choices=OutputFormat.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    data_hash = models.CharField(_("data snapshot hash"), max_length=64)
    taxonomy_version = models.CharField(_("taxonomy version"), max_length=80)
    code_version = models.CharField(_("code version"), max_length=80)
    built_at = models.DateTimeField(auto_now=True)
    built_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["edition", "language", "format"]
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        constraints = [
            models.UniqueConstraint(fields=["edition", "language", "format"], name="reportbuild_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition.key} {self.language} {self.format}"
