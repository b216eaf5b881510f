"""Coordination: who does what, who offers what, who needs what, and what was agreed.

The 2022 report ends with: education is fragmented, companies and regions are willing to help, and
providers, need owners and funders must plan together. These models are the shared place for that:
actor roles, offers (from need owners), needs (from providers), matches between them, education
initiatives and a decision log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kartlagg.core.vocab import EducationLevel
from kartlagg.organisations.models import Contact, Organisation
from kartlagg.taxonomy.models import CompetenceArea


class ActorRoleKind(models.TextChoices):
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    NEED_OWNER = "need_owner", _("Need owner")
    FUNDER = "funder", _("Funder")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    NETWORK = "network", _("Network")


class ActorRole(models.Model):
    """An organisation acting in a role in the coordination (one organisation may have several roles)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="actor_roles")
    role = models.CharField(_("role"), max_length=30, choices=ActorRoleKind.choices)
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("Where this role is exercised, if not the organisation's region."),
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("actor role")
        verbose_name_plural = _("actor roles")
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="actorrole_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def effective_region(self) -> str:
        return self.region or self.organisation.region


class Membership(models.Model):
    """A user who speaks for an organisation: may register and edit that organisation's offers and needs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kartlagg_memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class ContributionType(models.TextChoices):
    """The forms of contribution the 2022 report's respondents said they were willing to give."""

    TEACHING = "teaching", _("Teaching")
    GUEST_LECTURE = "guest_lecture", _("Guest lecture")
    THESIS_PROJECT = "thesis_project", _("Thesis project")
    INTERNSHIP = "internship", _("Internship")
    INDUSTRIAL_PHD = "industrial_phd", _("Industrial PhD position")
    GMP_FACILITY_ACCESS = "gmp_facility_access", _("Access to GMP facilities")


class ContributionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ContributionSource(models.TextChoices):
    MANUAL = "manual", _("Entered directly")
    SURVEY = "survey", _("Survey answer")
    DEMO = "demo", _("Illustrative example")


class Contribution(models.Model):
    """What offers and needs share: the same fields, so that they can be matched field by field."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    type = models.CharField(_("type"), max_length=30, choices=ContributionType.choices)
    title = models.CharField(_("title"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(CompetenceArea, verbose_name=_("competence areas"), related_name="+")
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=EducationLevel.choices,
        blank=True,
        help_text=_("Empty: any level."),
    )
    capacity_per_year = models.PositiveIntegerField(_("capacity per year"), default=1)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.CharField(
        _("region"), max_length=120, blank=True, help_text=_("Empty: the organisation's region.")
    )
    remote_possible = models.BooleanField(_("can be done remotely"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ContributionStatus.choices, default=ContributionStatus.OPEN
    )
    is_public = models.BooleanField(_("shown publicly"), default=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ContributionSource.choices, default=ContributionSource.MANUAL
    )
    # Idempotency key for captured records (e.g. "survey-2026:thesis_project"): capturing the same
    # answer again updates the record instead of adding a second one.
    source_key = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.get_type_display()} — {self.organisation.name}"

    @property
    def effective_region(self) -> str:
        return self.region or self.organisation.region


def _contribution_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=models.Q(capacity_per_year__gte=1), name=f"{prefix}_capacity_positive"
        ),
        models.CheckConstraint(
            condition=models.Q(end_date__isnull=True)
            | models.Q(start_date__isnull=True)
            | models.Q(end_date__gte=models.F("start_date")),
            name=f"{prefix}_dates_in_order",
        ),
        models.UniqueConstraint(
            fields=["organisation", "source_key"],
            condition=~models.Q(source_key=""),
            name=f"{prefix}_unique_source_key",
        ),
    ]


class Offer(Contribution):
    """Something a need owner (company, hospital region) offers to education: places, lectures, access."""

    class Meta(Contribution.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = _contribution_constraints("offer")


class Need(Contribution):
    """Something an education provider needs from the field: a GMP lecturer, internship places, ..."""

    class Meta(Contribution.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = _contribution_constraints("need")


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The allowed moves; anything else is refused by services.match_set_status.
MATCH_TRANSITIONS: dict[str, frozenset[str]] = {
    MatchStatus.SUGGESTED: frozenset({MatchStatus.CONFIRMED, MatchStatus.CANCELLED}),
    MatchStatus.CONFIRMED: frozenset({MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED, MatchStatus.CANCELLED}),
    MatchStatus.IN_PROGRESS: frozenset({MatchStatus.COMPLETED, MatchStatus.CANCELLED}),
    MatchStatus.COMPLETED: frozenset(),
    MatchStatus.CANCELLED: frozenset(),
}

# Matches in these states hold places of the offer's and the need's capacity.
ACTIVE_MATCH_STATUSES = (MatchStatus.CONFIRMED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED)


class Match(models.Model):
    """An offer paired with a need, with the reason it was suggested, tracked until done."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="matches")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(
        _("status"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED
    )
    places = models.PositiveIntegerField(_("places"), default=1)
    score = models.PositiveSmallIntegerField(
        _("score"), default=0, help_text=_("0–100, from the matching rules.")
    )
    # The explanation as it stood when the match was recorded (list of reason items, see matching.py).
    reasons = models.JSONField(default=list)
    note = models.TextField(_("note"), blank=True)
    suggested_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-suggested_at", "-pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["offer", "need"], name="match_unique_pair"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="match_places_positive"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="match_score_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(status=MatchStatus.SUGGESTED)
                | models.Q(status=MatchStatus.CANCELLED)
                | models.Q(confirmed_at__isnull=False),
                name="match_confirmed_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MatchStatus.COMPLETED) | models.Q(completed_at__isnull=False),
                name="match_completed_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MatchStatus.CANCELLED) | models.Q(cancelled_at__isnull=False),
                name="match_cancelled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} ↔ {self.need} ({self.get_status_display()})"


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class Initiative(models.Model):
    """An education initiative (a course being built, a training centre, a programme) planned or running."""

    title_sv = models.CharField(_("title (Swedish)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_initiatives"
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_initiatives",
    )
    budget_sek = models.DecimalField(
        _("budget (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    areas = models.ManyToManyField(CompetenceArea, verbose_name=_("competence areas"), related_name="+")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    source = models.CharField(
        _("source"), max_length=250, blank=True, help_text=_("Where this record comes from.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "title_sv", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_sv="", title_en=""), name="initiative_has_a_title"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_sek__isnull=True) | models.Q(budget_sek__gte=0),
                name="initiative_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if translation.get_language() == "en":
            return self.title_en or self.title_sv
        return self.title_sv or self.title_en


class Decision(models.Model):
    """One line of the decision log: what was decided, by whom, and when to follow it up."""

    decided_on = models.DateField(_("decided on"))
    title = models.CharField(_("decision"), max_length=250)
    details = models.TextField(_("details"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=250, blank=True)
    responsible = models.CharField(_("responsible for follow-up"), max_length=250, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    followed_up = models.BooleanField(_("followed up"), default=False)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    match = models.ForeignKey(
        Match,
        verbose_name=_("match"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="decision_has_a_title"),
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True)
                | models.Q(follow_up_on__gte=models.F("decided_on")),
                name="decision_follow_up_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on}: {self.title}"
