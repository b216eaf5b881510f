"""Form building: the instrument, answers and errors turned into what the response template renders,
dispatching on question type. Plus the coordinator's small Django forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kartlagg.surveys.instrument import Instrument, Question, format_range
from kartlagg.surveys.instrument.answers import field_name
from kartlagg.surveys.models import InstrumentVersion


@dataclass
class ChoiceView:
    code: str
    label: str
    checked: bool


@dataclass
class CellView:
    name: str
    type: str
    value: str
    checked: bool
    label: str
    error: str = ""
    choices: list[ChoiceView] = field(default_factory=list)


@dataclass
class RowView:
    code: str
    label: str
    cells: list[CellView]


@dataclass
class QuestionView:
    id: str
    type: str
    label: str
    help: str
    unit: str
    required: bool
    name: str
    value: str = ""
    error: str = ""
    choices: list[ChoiceView] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[RowView] = field(default_factory=list)
    show_if: dict[str, Any] | None = None
    show_if_text: str = ""
    max_choices: int | None = None


@dataclass
class SectionView:
    id: str
    title: str
    intro: str
    questions: list[QuestionView]


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return format_range(value)
    return str(value)


def _question_view(
    q: Question,
    answers: dict[str, Any],
    raw: dict[str, Any],
    errors: dict[str, str],
    lang: str,
    instrument: Instrument,
) -> QuestionView:
    # Show what the respondent typed when it did not validate, else the stored answer.
    value = raw.get(q.id, answers.get(q.id))
    view = QuestionView(
        id=q.id,
        type=q.type,
        label=q.label.get(lang),
        help=q.help.get(lang) if q.help else "",
        unit=q.unit.get(lang) if q.unit else "",
        required=q.required,
        name=field_name(q.id),
        error=errors.get(q.id, ""),
        max_choices=q.max_choices,
    )
    if q.show_if is not None:
        values = q.show_if.value if isinstance(q.show_if.value, list) else [q.show_if.value]
        view.show_if = {"question": q.show_if.question, "op": q.show_if.op, "values": values}
        target = instrument.question(q.show_if.question)
        labels = [o.label.get(lang) for o in target.options if o.code in values]
        view.show_if_text = f"{target.label.get(lang)}: {', '.join(labels)}"
    if q.type in ("single_choice", "multiple_choice"):
        chosen = value if isinstance(value, list) else [value]
        view.choices = [ChoiceView(o.code, o.label.get(lang), o.code in chosen) for o in q.options]
    elif q.type == "matrix":
        view.columns = [c.label.get(lang) for c in q.columns]
        table = value if isinstance(value, dict) else {}
        for row in q.rows:
            cells = []
            for col in q.columns:
                cell = (table.get(row.code) or {}).get(col.id)
                name = field_name(q.id, row.code, col.id)
                cells.append(
                    CellView(
                        name=name,
                        type=col.type,
                        value=_value_text(cell) if col.type != "boolean" else "",
                        checked=cell is True,
                        label=f"{row.label.get(lang)} – {col.label.get(lang)}",
                        error=errors.get(f"{q.id}.{row.code}.{col.id}", ""),
                        choices=[ChoiceView(o.code, o.label.get(lang), o.code == cell) for o in col.options],
                    )
                )
            view.rows.append(RowView(code=row.code, label=row.label.get(lang), cells=cells))
        if not view.error:
            view.error = next((m for k, m in errors.items() if k.startswith(f"{q.id}.")), "")
    else:
        view.value = _value_text(value)
    return view


def build_form(
    instrument: Instrument,
    answers: dict[str, Any],
    *,
    lang: str,
    errors: dict[str, str] | None = None,
    raw: dict[str, Any] | None = None,
) -> list[SectionView]:
    errors = errors or {}
    raw = {k: v for k, v in (raw or {}).items() if k in errors or any(e.startswith(f"{k}.") for e in errors)}
    return [
        SectionView(
            id=s.id,
            title=s.title.get(lang),
            intro=s.intro.get(lang) if s.intro else "",
            questions=[_question_view(q, answers, raw, errors, lang, instrument) for q in s.questions],
        )
        for s in instrument.sections
    ]


class RoundCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    instrument = forms.ModelChoiceField(label=_("Questionnaire"), queryset=InstrumentVersion.objects.all())
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    open_now = forms.BooleanField(label=_("Open the round now"), required=False, initial=True)

    def clean_closes_on(self) -> dt.date:
        closes_on: dt.date = self.cleaned_data["closes_on"]
        if closes_on <= timezone.localdate():
            raise forms.ValidationError(_("The closing date must lie in the future."))
        return closes_on


class NewContactForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"))
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    language = forms.ChoiceField(label=_("Language"), choices=[("sv", "svenska"), ("en", "English")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from kartlagg.organisations.models import OrganisationKind

        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = OrganisationKind.choices
