"""Forms of the coordination pages. They validate; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kartlagg.coordination import policy
from kartlagg.coordination.models import (
    ContributionStatus,
    ContributionType,
    Initiative,
    InitiativeStatus,
    Match,
    MatchStatus,
)
from kartlagg.coordination.services import MAX_CAPACITY
from kartlagg.core.vocab import EducationLevel
from kartlagg.organisations.models import Contact, Organisation
from kartlagg.taxonomy.selectors import current_areas


class DateInput(forms.DateInput):
    input_type = "date"


def organisations_for(user: Any) -> QuerySet[Organisation]:
    if policy.is_coordinator(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=policy.member_organisation_ids(user)).order_by("name")


class _DatesInOrder(forms.Form):
    start_field = "start_date"
    end_field = "end_date"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get(self.start_field), data.get(self.end_field)
        if start and end and end < start:
            self.add_error(self.end_field, _("The end date must not be before the start date."))
        return data


class ContributionForm(_DatesInOrder):
    """One form for offers and needs: they have the same fields so that they can be matched."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    type = forms.ChoiceField(label=_("Type"), choices=ContributionType.choices)
    title = forms.CharField(label=_("Title"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Competence areas"),
        queryset=current_areas(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Any level")), *EducationLevel.choices], required=False
    )
    capacity_per_year = forms.IntegerField(
        label=_("Capacity per year"), min_value=1, max_value=MAX_CAPACITY, initial=1
    )
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    region = forms.CharField(
        label=_("Region"), max_length=120, required=False, help_text=_("Empty: the organisation's region.")
    )
    remote_possible = forms.BooleanField(label=_("Can be done remotely"), required=False)
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none(), required=False)
    is_public = forms.BooleanField(label=_("Show publicly"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = organisations_for(user)
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = orgs
        contact_field = self.fields["contact"]
        assert isinstance(contact_field, forms.ModelChoiceField)
        contact_field.queryset = Contact.objects.filter(organisation__in=orgs).select_related("organisation")
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, forms.ModelMultipleChoiceField)
        areas_field.queryset = current_areas()
        if with_status:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=ContributionStatus.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contact, org = data.get("contact"), data.get("organisation")
        if contact is not None and org is not None and contact.organisation_id != org.pk:
            self.add_error("contact", _("The contact must belong to the organisation."))
        return data


class ConfirmMatchForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    need = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_CAPACITY, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MatchStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, match: Match, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kartlagg.coordination.models import MATCH_TRANSITIONS

        allowed = MATCH_TRANSITIONS[match.status] - {MatchStatus.CONFIRMED}
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(v, label) for v, label in MatchStatus.choices if v in allowed]


class InitiativeForm(_DatesInOrder):
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=250, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.order_by("name"))
    funder = forms.ModelChoiceField(
        label=_("Funder"), queryset=Organisation.objects.order_by("name"), required=False
    )
    budget_sek = forms.DecimalField(
        label=_("Budget (SEK)"), min_value=0, max_digits=14, decimal_places=0, required=False
    )
    target_group = forms.CharField(label=_("Target group"), max_length=200, required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Competence areas"),
        queryset=current_areas(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    url = forms.URLField(label=_("URL"), max_length=500, required=False, assume_scheme="https")
    is_public = forms.BooleanField(label=_("Show publicly"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, forms.ModelMultipleChoiceField)
        areas_field.queryset = current_areas()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("title_sv") and not data.get("title_en"):
            self.add_error("title_sv", _("Give a title in Swedish or English."))
        return data

    @staticmethod
    def initial_from(initiative: Initiative) -> dict[str, Any]:
        return {
            "title_sv": initiative.title_sv,
            "title_en": initiative.title_en,
            "description": initiative.description,
            "owner": initiative.owner,
            "funder": initiative.funder,
            "budget_sek": initiative.budget_sek,
            "target_group": initiative.target_group,
            "areas": list(initiative.areas.all()),
            "start_date": initiative.start_date,
            "end_date": initiative.end_date,
            "status": initiative.status,
            "url": initiative.url,
            "is_public": initiative.is_public,
        }


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    title = forms.CharField(label=_("Decision"), max_length=250)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decided_by = forms.CharField(label=_("Decided by"), max_length=250, required=False)
    responsible = forms.CharField(label=_("Responsible for follow-up"), max_length=250, required=False)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput)
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.order_by("title_sv"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decided, follow = data.get("decided_on"), data.get("follow_up_on")
        if decided and follow and follow < decided:
            self.add_error("follow_up_on", _("The follow-up date must not be before the decision."))
        return data
