"""Coordination pages. Every form page has one shape: permission check, validate, save, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kartlagg.coordination import policy, selectors, services
from kartlagg.coordination.exceptions import CoordinationError
from kartlagg.coordination.forms import (
    ConfirmMatchForm,
    ContributionForm,
    DecisionForm,
    InitiativeForm,
    MatchStatusForm,
)
from kartlagg.coordination.models import (
    ActorRoleKind,
    Contribution,
    ContributionType,
    Decision,
    Initiative,
    InitiativeStatus,
    MatchStatus,
    Need,
    Offer,
)
from kartlagg.core.vocab import EducationLevel
from kartlagg.taxonomy.selectors import current_areas


def _deny(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors are sent to sign in; signed-in users without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _form_page(
    request: HttpRequest,
    *,
    allowed: bool,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Model],
    success_message: str,
    success_url: Callable[[Model], str],
    heading: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    if not allowed:
        return _deny(request)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except CoordinationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success_message)
            return redirect(success_url(saved))
    return render(request, "coordination/form.html", {"form": form, "heading": heading, **(context or {})})


def overview_view(request: HttpRequest) -> HttpResponse:
    summary = selectors.dashboard_coordination_summary(user=request.user)
    return render(
        request,
        "coordination/overview.html",
        {
            "summary": summary,
            "is_coordinator": policy.is_coordinator(request.user),
            "can_register": policy.can_register(request.user),
            "match_statuses": MatchStatus.choices,
            "initiative_statuses": InitiativeStatus.choices,
        },
    )


# Offers and needs share their pages; KINDS says which model and words apply.
KINDS: dict[str, dict[str, Any]] = {
    "offer": {"model": Offer, "list": selectors.offer_list, "create": services.offer_create},
    "need": {"model": Need, "list": selectors.need_list, "create": services.need_create},
}


def _kind_words(kind: str) -> dict[str, str]:
    if kind == "offer":
        return {
            "plural": _("Offers"),
            "intro": _(
                "What companies, hospital regions and others offer to education: teaching, places, access."
            ),
            "new": _("Register an offer"),
            "edit": _("Edit offer"),
            "saved": _("The offer is saved."),
        }
    return {
        "plural": _("Needs"),
        "intro": _("What education providers need from the field: lecturers, internship places, access."),
        "new": _("Register a need"),
        "edit": _("Edit need"),
        "saved": _("The need is saved."),
    }


def contribution_list_view(request: HttpRequest, kind: str) -> HttpResponse:
    filters = selectors.ContributionFilters.from_query(request.GET)
    items = list(KINDS[kind]["list"](user=request.user, filters=filters))
    return render(
        request,
        "coordination/contribution_list.html",
        {
            "kind": kind,
            "words": _kind_words(kind),
            "items": items,
            "filters": filters,
            "types": ContributionType.choices,
            "areas": current_areas(),
            "levels": EducationLevel.choices,
            "can_register": policy.can_register(request.user),
            "is_coordinator": policy.is_coordinator(request.user),
        },
    )


def _contribution_or_404(request: HttpRequest, kind: str, pk: int) -> Contribution:
    model = KINDS[kind]["model"]
    item: Contribution = get_object_or_404(model.objects.select_related("organisation", "contact"), pk=pk)
    if not policy.can_see(request.user, item):
        # Not public and not yours: the same answer as for a missing record, so nothing leaks.
        raise Http404
    return item


def contribution_detail_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _contribution_or_404(request, kind, pk)
    side = "offer" if kind == "offer" else "need"
    matches = selectors.match_list(user=request.user).filter(**{side: item})
    suggestions: list[selectors.SuggestionRow] = []
    if policy.is_coordinator(request.user):
        suggestions = selectors.suggestion_list(**{side: item})  # type: ignore[arg-type]
    return render(
        request,
        "coordination/contribution_detail.html",
        {
            "kind": kind,
            "words": _kind_words(kind),
            "item": item,
            "matches": matches,
            "suggestions": suggestions,
            "can_manage": policy.can_manage(request.user, item),
            "show_contact": policy.can_see_contacts(request.user, item),
            "is_coordinator": policy.is_coordinator(request.user),
        },
    )


def _contribution_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": data["type"],
        "title": data.get("title") or "",
        "description": data.get("description") or "",
        "level": data.get("level") or "",
        "capacity_per_year": data["capacity_per_year"],
        "start_date": data.get("start_date"),
        "end_date": data.get("end_date"),
        "contact": data.get("contact"),
        "region": data.get("region") or "",
        "remote_possible": bool(data.get("remote_possible")),
        "is_public": bool(data.get("is_public")),
    }


def contribution_create_view(request: HttpRequest, kind: str) -> HttpResponse:
    words = _kind_words(kind)
    initial: dict[str, Any] = {"capacity_per_year": 1, "is_public": True}
    form = ContributionForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Model:
        if not policy.can_manage_organisation(request.user, data["organisation"].pk):
            raise PermissionDenied
        created: Model = KINDS[kind]["create"](
            organisation=data["organisation"],
            areas=list(data["areas"]),
            created_by=request.user,
            **_contribution_fields(data),
        )
        return created

    return _form_page(
        request,
        allowed=policy.can_register(request.user),
        form=form,
        save=save,
        success_message=words["saved"],
        success_url=lambda obj: reverse(f"coordination:{kind}_detail", args=[obj.pk]),
        heading=words["new"],
        context={"cancel_url": reverse(f"coordination:{kind}s")},
    )


def contribution_edit_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _contribution_or_404(request, kind, pk)
    words = _kind_words(kind)
    initial = {
        "organisation": item.organisation,
        "type": item.type,
        "title": item.title,
        "description": item.description,
        "areas": list(item.areas.all()),
        "level": item.level,
        "capacity_per_year": item.capacity_per_year,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "region": item.region,
        "remote_possible": item.remote_possible,
        "contact": item.contact,
        "is_public": item.is_public,
        "status": item.status,
    }
    form = ContributionForm(request.POST or None, user=request.user, initial=initial, with_status=True)
    form.fields["organisation"].disabled = True  # moving a record to another organisation is not an edit

    def save(data: dict[str, Any]) -> Model:
        return services.contribution_update(
            instance=item, areas=list(data["areas"]), status=data["status"], **_contribution_fields(data)
        )

    return _form_page(
        request,
        allowed=policy.can_manage(request.user, item),
        form=form,
        save=save,
        success_message=words["saved"],
        success_url=lambda obj: reverse(f"coordination:{kind}_detail", args=[obj.pk]),
        heading=words["edit"],
        context={"cancel_url": reverse(f"coordination:{kind}_detail", args=[item.pk])},
    )


def suggestion_list_view(request: HttpRequest) -> HttpResponse:
    if not policy.is_coordinator(request.user):
        return _deny(request)
    return render(request, "coordination/suggestions.html", {"suggestions": selectors.suggestion_list()})


@require_POST
def match_confirm_view(request: HttpRequest) -> HttpResponse:
    if not policy.is_coordinator(request.user):
        return _deny(request)
    form = ConfirmMatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The confirmation was incomplete; nothing was saved."))
        return redirect("coordination:suggestions")
    offer = get_object_or_404(Offer, pk=form.cleaned_data["offer"])
    need = get_object_or_404(Need, pk=form.cleaned_data["need"])
    try:
        match = services.match_confirm(
            offer=offer,
            need=need,
            by=request.user,
            places=form.cleaned_data.get("places"),
            note=form.cleaned_data.get("note") or "",
        )
    except CoordinationError as exc:
        messages.error(request, _("Not confirmed: %(reason)s") % {"reason": exc.message})
        return redirect("coordination:suggestions")
    messages.success(request, _("The match is confirmed."))
    return redirect("coordination:match_detail", pk=match.pk)


def match_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in MatchStatus.values else ""
    return render(
        request,
        "coordination/match_list.html",
        {
            "matches": selectors.match_list(user=request.user, status=status),
            "statuses": MatchStatus.choices,
            "selected_status": status,
            "is_coordinator": policy.is_coordinator(request.user),
        },
    )


def match_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(selectors.match_list(user=request.user), pk=pk)
    coordinator = policy.is_coordinator(request.user)
    form = MatchStatusForm(request.POST or None, match=match) if coordinator else None
    if request.method == "POST":
        if form is None:
            return _deny(request)
        if form.is_valid():
            try:
                services.match_set_status(
                    match=match, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
                )
            except CoordinationError as exc:
                form.add_error("status", exc.message)
            else:
                messages.success(request, _("The match status is updated."))
                return redirect("coordination:match_detail", pk=match.pk)
    return render(
        request,
        "coordination/match_detail.html",
        {
            "match": match,
            "reason_texts": selectors.match_reason_texts(match),
            "form": form if form is not None and form.fields["status"].choices else None,  # type: ignore[attr-defined]
            "is_coordinator": coordinator,
        },
    )


def initiative_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coordination/initiatives.html",
        {
            "overview": selectors.initiative_overview(user=request.user),
            "statuses": InitiativeStatus.choices,
            "is_coordinator": policy.is_coordinator(request.user),
        },
    )


def _initiative_save(instance: Initiative | None) -> Callable[[dict[str, Any]], Model]:
    def save(data: dict[str, Any]) -> Model:
        return services.initiative_save(
            instance=instance,
            owner=data["owner"],
            funder=data.get("funder"),
            areas=list(data["areas"]),
            title_sv=data.get("title_sv") or "",
            title_en=data.get("title_en") or "",
            description=data.get("description") or "",
            budget_sek=data.get("budget_sek"),
            target_group=data.get("target_group") or "",
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            status=data["status"],
            url=data.get("url") or "",
            is_public=bool(data.get("is_public")),
        )

    return save


def initiative_create_view(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        allowed=policy.is_coordinator(request.user),
        form=InitiativeForm(request.POST or None, initial={"is_public": True}),
        save=_initiative_save(None),
        success_message=_("The initiative is saved."),
        success_url=lambda obj: reverse("coordination:initiatives") + f"#initiative-{obj.pk}",
        heading=_("New initiative"),
        context={"cancel_url": reverse("coordination:initiatives")},
    )


def initiative_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    return _form_page(
        request,
        allowed=policy.is_coordinator(request.user),
        form=InitiativeForm(request.POST or None, initial=InitiativeForm.initial_from(initiative)),
        save=_initiative_save(initiative),
        success_message=_("The initiative is saved."),
        success_url=lambda obj: reverse("coordination:initiatives") + f"#initiative-{obj.pk}",
        heading=_("Edit initiative"),
        context={"cancel_url": reverse("coordination:initiatives")},
    )


def decision_list_view(request: HttpRequest) -> HttpResponse:
    if not policy.is_coordinator(request.user):
        return _deny(request)
    return render(
        request,
        "coordination/decisions.html",
        {"decisions": selectors.decision_list(), "due": selectors.decision_list(due_only=True)},
    )


def decision_create_view(request: HttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> Model:
        return services.decision_record(
            decided_on=data["decided_on"],
            title=data["title"],
            details=data.get("details") or "",
            decided_by=data.get("decided_by") or "",
            responsible=data.get("responsible") or "",
            follow_up_on=data.get("follow_up_on"),
            initiative=data.get("initiative"),
            created_by=request.user,
        )

    return _form_page(
        request,
        allowed=policy.is_coordinator(request.user),
        form=DecisionForm(request.POST or None),
        save=save,
        success_message=_("The decision is logged."),
        success_url=lambda obj: reverse("coordination:decisions"),
        heading=_("Log a decision"),
        context={"cancel_url": reverse("coordination:decisions")},
    )


@require_POST
def decision_followed_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.is_coordinator(request.user):
        return _deny(request)
    services.decision_mark_followed_up(decision=get_object_or_404(Decision, pk=pk))
    messages.success(request, _("Marked as followed up."))
    return redirect("coordination:decisions")


def actor_list_view(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("role", "")
    role = role if role in ActorRoleKind.values else ""
    return render(
        request,
        "coordination/actors.html",
        {
            "actors": selectors.actor_list(role=role),
            "roles": ActorRoleKind.choices,
            "selected_role": role,
            "show_contacts": policy.is_coordinator(request.user),
            "is_coordinator": policy.is_coordinator(request.user),
        },
    )
