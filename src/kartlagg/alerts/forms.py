from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kartlagg.alerts.models import DigestLanguage
from kartlagg.alerts.services import area_labels


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Language of the digest"), choices=DigestLanguage.choices)
    areas = forms.MultipleChoiceField(
        label=_("Competence areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every ATMP ad."),
    )
    regions = forms.CharField(
        label=_("Regions"),
        required=False,
        help_text=_(
            "Separated by commas, as in the ads, e.g. Stockholms län, Västra Götalands län. Empty: all."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "sv")[:2]
        field = self.fields["areas"]
        assert isinstance(field, forms.MultipleChoiceField)
        choices: list[tuple[str, str]] = [
            (code, labels.get(language) or labels.get("sv") or code) for code, labels in area_labels().items()
        ]
        choices.sort(key=lambda choice: choice[1])
        field.choices = choices

    def clean_regions(self) -> list[str]:
        return [
            part.strip() for part in str(self.cleaned_data.get("regions") or "").split(",") if part.strip()
        ]
