"""Survey pages. Each view: build the actor, ask the policy, call a service or selector, render.

Denials: an anonymous visitor is sent to log in, anyone else gets 403. Bad or expired links all get the
same 404 page, so links cannot be enumerated, and repeated failures from one address get 429.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kartlagg.organisations.models import Contact, Organisation
from kartlagg.organisations.services import organisation_get_or_create
from kartlagg.surveys import selectors, services, tokens
from kartlagg.surveys.aggregate import TOTAL
from kartlagg.surveys.forms import NewContactForm, RoundCreateForm, build_form
from kartlagg.surveys.instrument import answers_from_form
from kartlagg.surveys.models import AccessLink, AuditEntry, Invitation, Round, RoundStatus, SurveyResponse
from kartlagg.surveys.policy import SESSION_KEY, Actor, actor_for_user, policy


def actor_from_request(request: HttpRequest) -> Actor:
    """The user's roles plus the access links this session opened (still usable ones only)."""
    raw: dict[str, list[int | None]] = request.session.get(SESSION_KEY, {})
    grants: dict[tuple[int, int], tuple[int, int | None]] = {}
    if raw:
        usable = {
            link.pk
            for link in AccessLink.objects.filter(
                pk__in=[v[0] for v in raw.values()], revoked_at__isnull=True, expires_at__gt=timezone.now()
            )
        }
        for key, (link_id, contact_id) in raw.items():
            if link_id in usable:
                round_id, org_id = (int(x) for x in key.split(":"))
                grants[(round_id, org_id)] = (int(link_id), contact_id)
    return actor_for_user(request.user, link_grants=grants)


def _deny(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    if actor.is_anonymous:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _client(request: HttpRequest) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (we do not trust X-Forwarded-For blindly).
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --------------------------------------------------------------------------- rounds


def round_list_view(request: HttpRequest) -> HttpResponseBase:
    actor = actor_from_request(request)
    # Published rounds are listed for everyone: their aggregates page is public (as in the API).
    rounds = list(selectors.round_list(include_unpublished=actor.is_coordinator))
    own = list(
        SurveyResponse.objects.filter(organisation_id__in=actor.respondent_org_ids).select_related(
            "round", "organisation"
        )
    ) + [
        r
        for r in SurveyResponse.objects.filter(round_id__in=[g[0] for g in actor.link_grants]).select_related(
            "round", "organisation"
        )
        if (r.round_id, r.organisation_id) in actor.link_grants
    ]
    if not (actor.is_coordinator or actor.is_viewer or own or rounds):
        return _deny(request, actor)
    return render(
        request,
        "surveys/round_list.html",
        {"rounds": rounds, "own": own, "can_manage": policy.can_manage_rounds(actor), "actor": actor},
    )


@require_http_methods(["GET", "POST"])
def round_create_view(request: HttpRequest) -> HttpResponseBase:
    actor = actor_from_request(request)
    if not policy.can_manage_rounds(actor):
        return _deny(request, actor)
    services.instrument_install_shipped()
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closes = timezone.make_aware(dt.datetime.combine(form.cleaned_data["closes_on"], dt.time(23, 59)))
        round_ = services.round_create(
            title=form.cleaned_data["title"],
            instrument=form.cleaned_data["instrument"],
            closes_at=closes,
            created_by=request.user,
        )
        if form.cleaned_data["open_now"]:
            services.round_open(round=round_)
        messages.success(request, _("The round is created. Now invite organisations."))
        return redirect("surveys:invite", pk=round_.pk)
    return render(request, "surveys/round_form.html", {"form": form})


def round_detail_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    actor = actor_from_request(request)
    round_ = get_object_or_404(Round.objects.select_related("instrument"), pk=pk)
    if not policy.can_see_round_status(actor, round_):
        return _deny(request, actor)
    statuses = selectors.round_status(round=round_)
    rates = selectors.response_rate(round=round_)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": round_,
            "statuses": statuses,
            "rates": [r for r in rates if r.invited],
            "total_rate": next(r for r in rates if r.key == TOTAL),
            "sector_labels": dict(selectors._sector_labels()),
            "TOTAL": TOTAL,
        },
    )


@require_http_methods(["GET", "POST"])
def round_invite_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    actor = actor_from_request(request)
    round_ = get_object_or_404(Round, pk=pk)
    if not policy.can_manage_rounds(actor):
        return _deny(request, actor)
    new_form = NewContactForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "add":
            if new_form.is_valid():
                data = new_form.cleaned_data
                with transaction.atomic():
                    org = organisation_get_or_create(
                        name=data["organisation_name"], kind=data["kind"], source="survey invite"
                    )
                    contact, _created = Contact.objects.get_or_create(
                        organisation=org,
                        email=data["contact_email"].lower(),
                        defaults={"name": data["contact_name"], "preferred_language": data["language"]},
                    )
                messages.success(request, _("%(name)s added.") % {"name": f"{contact.name} ({org.name})"})
                return redirect("surveys:invite", pk=round_.pk)
        else:
            ids = [int(x) for x in request.POST.getlist("organisations") if x.isdigit()]
            chosen = list(Organisation.objects.filter(pk__in=ids))
            try:
                result = services.round_invite(
                    round=round_, organisations=chosen, base_url=_base_url(request)
                )
            except services.RoundStateError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("surveys:invite", pk=round_.pk)
            messages.success(
                request,
                _("%(orgs)s organisations invited, %(mails)s e-mails sent.")
                % {"orgs": len(result.invitations), "mails": result.emails_sent},
            )
            return redirect("surveys:detail", pk=round_.pk)
    invited = set(Invitation.objects.filter(round=round_).values_list("organisation_id", flat=True))
    orgs = Organisation.objects.filter(contacts__isnull=False).distinct().prefetch_related("contacts")
    return render(
        request,
        "surveys/round_invite.html",
        {"round": round_, "organisations": orgs, "invited": invited, "new_form": new_form},
    )


@require_POST
def round_action_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    actor = actor_from_request(request)
    round_ = get_object_or_404(Round, pk=pk)
    if not policy.can_manage_rounds(actor):
        return _deny(request, actor)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.round_open(round=round_)
        elif action == "close":
            services.round_close(round=round_)
        elif action == "publish":
            services.round_publish(round=round_)
        elif action == "unpublish":
            services.round_publish(round=round_, published=False)
        elif action == "remind":
            result = services.round_send_reminders(round=round_, base_url=_base_url(request))
            messages.success(
                request,
                _("Reminders sent to %(orgs)s organisations (%(mails)s e-mails).")
                % {"orgs": len(result.organisations), "mails": result.emails_sent},
            )
        else:
            return HttpResponse(status=400)
    except services.RoundStateError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:detail", pk=round_.pk)


def round_results_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    actor = actor_from_request(request)
    round_ = get_object_or_404(Round.objects.select_related("instrument"), pk=pk)
    if not policy.can_view_aggregates(actor, round_):
        return _deny(request, actor)
    coordinator = policy.sees_suppressed_cells(actor)
    offering, capacity = selectors.published_contribution_tables(
        round=round_, viewer_is_coordinator=coordinator
    )
    context: dict[str, Any] = {
        "round": round_,
        "coordinator": coordinator,
        "k": selectors.min_cell_orgs(),
        "tables": [
            selectors.published_demand_table(round=round_, viewer_is_coordinator=coordinator),
            selectors.published_level_table(round=round_, viewer_is_coordinator=coordinator),
            selectors.published_hard_to_find_table(round=round_, viewer_is_coordinator=coordinator),
            offering,
            capacity,
        ],
        "estimates": selectors.nonresponse_corrected_estimate(
            round=round_, viewer_is_coordinator=coordinator
        ),
        "sector_labels": selectors._sector_labels(),
        "TOTAL": TOTAL,
        "summaries": policy.sees_uncontrolled_summaries(actor),
    }
    if context["summaries"]:
        lang = translation.get_language() or "sv"
        htf = round_.questionnaire.question_by_role("hard_to_find")
        area_labels = {o.code: o.label.get(lang) for o in htf.options} if htf else {}
        context["ranking"] = [
            (area_labels.get(item.code, item.code), item.count, round(float(item.share) * 100))
            for item in selectors.hard_to_find_ranking(round=round_)
        ]
        context["willingness"] = selectors.willingness_by_sector(round=round_)
        context["rates"] = [r for r in selectors.response_rate(round=round_) if r.invited]
    return render(request, "surveys/round_results.html", context)


# --------------------------------------------------------------------------- respondent side


@require_http_methods(["GET"])
def link_view(request: HttpRequest, token: str) -> HttpResponseBase:
    client = _client(request)
    if tokens.guessing_blocked(client):
        return render(request, "surveys/link_blocked.html", status=429)
    link = services.link_resolve(token=token)
    if link is None:
        tokens.record_failure(client)
        return render(request, "surveys/link_invalid.html", status=404)
    invitation = link.invitation
    grants = dict(request.session.get(SESSION_KEY, {}))
    if not grants:
        # A new privilege for this browser: a fresh session id, so a planted one cannot ride along.
        request.session.cycle_key()
    grants[f"{invitation.round_id}:{invitation.organisation_id}"] = [link.pk, link.contact_id]
    request.session[SESSION_KEY] = grants
    return redirect("surveys:response", pk=invitation.round_id, org=invitation.organisation.slug)


def _response_for(request: HttpRequest, pk: int, org: str) -> tuple[Actor, SurveyResponse | None, bool]:
    actor = actor_from_request(request)
    response = get_object_or_404(
        SurveyResponse.objects.select_related("round__instrument", "organisation").defer(
            "round__instrument__definition"
        ),
        round_id=pk,
        organisation__slug=org,
    )
    if not policy.can_view_response(actor, response.round, response.organisation_id):
        return actor, None, False
    return actor, response, policy.can_answer(actor, response.round, response.organisation_id)


@require_http_methods(["GET", "POST"])
def response_view(request: HttpRequest, pk: int, org: str) -> HttpResponseBase:
    actor, response, can_edit = _response_for(request, pk, org)
    if response is None:
        return _deny(request, actor)
    lang = translation.get_language() or "sv"
    instrument = response.round.questionnaire
    errors: dict[str, str] = {}
    raw: dict[str, Any] = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        try:
            if action == "reopen":
                services.response_reopen(response=response, actor=actor)
                messages.success(request, _("The response is open for changes again."))
                return redirect(request.path)
            raw = answers_from_form(instrument, request.POST)
            if action == "submit":
                validation = services.response_submit(
                    response=response, actor=actor, raw_answers=raw, language=lang
                )
                if validation.ok:
                    messages.success(request, _("Thank you! Your answers are submitted."))
                    return redirect(request.path)
                errors = validation.errors
                messages.error(request, _("Some answers need attention before you can submit."))
            else:
                result = services.response_save_draft(
                    response=response, raw_answers=raw, actor=actor, language=lang
                )
                errors = result.errors
                if not errors:
                    messages.success(
                        request, _("Your draft is saved. You can come back to it with the same link.")
                    )
                    return redirect(request.path)
        except services.RoundStateError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
        response.refresh_from_db()
    return render(
        request,
        "surveys/response_form.html",
        {
            "response": response,
            "round": response.round,
            "instrument": instrument,
            "title": instrument.title.get(lang),
            "description": instrument.description.get(lang),
            "sections": build_form(instrument, response.answers, lang=lang, errors=errors, raw=raw),
            "can_edit": can_edit and response.round.accepts_answers and response.status == "draft",
            "can_reopen": can_edit and response.round.accepts_answers and response.status == "submitted",
            "coordinator": actor.is_coordinator,
            "errors": errors,
            "autosave_url": reverse("surveys:autosave", kwargs={"pk": pk, "org": org}),
        },
    )


def _json_body(request: HttpRequest) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _raw_answers(request: HttpRequest, response: SurveyResponse) -> dict[str, Any] | None:
    instrument = response.round.questionnaire
    if request.content_type == "application/json":
        body = _json_body(request)
        if body is None or not isinstance(body.get("answers", {}), dict):
            return None
        return dict(body.get("answers", {}))
    only = set(request.POST.getlist("present")) or None
    return answers_from_form(instrument, request.POST, only=only)


@require_POST
def response_autosave_view(request: HttpRequest, pk: int, org: str) -> JsonResponse:
    """Save a draft: JSON {"answers": {question: value}} (or the form's fields with `present`).
    CSRF applies."""
    actor, response, can_edit = _response_for(request, pk, org)
    if response is None or not can_edit:
        return JsonResponse({"error": _("Not allowed.")}, status=403)
    raw = _raw_answers(request, response)
    if raw is None:
        return JsonResponse({"error": _('Send a JSON object with an "answers" object.')}, status=400)
    try:
        result = services.response_save_draft(
            response=response, raw_answers=raw, actor=actor, language=translation.get_language() or ""
        )
    except services.RoundStateError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    return JsonResponse(
        {
            "saved": result.saved,
            "errors": result.errors,
            "revision": result.revision,
            "status": result.status,
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
        }
    )


@require_POST
def response_submit_json_view(request: HttpRequest, pk: int, org: str) -> JsonResponse:
    """Submit as JSON (scripts, the load benchmark): 200 with ok, or 400 with an error per field."""
    actor, response, can_edit = _response_for(request, pk, org)
    if response is None or not can_edit:
        return JsonResponse({"error": _("Not allowed.")}, status=403)
    raw = _raw_answers(request, response)
    if raw is None:
        return JsonResponse({"error": _('Send a JSON object with an "answers" object.')}, status=400)
    try:
        validation = services.response_submit(response=response, actor=actor, raw_answers=raw)
    except services.RoundStateError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    return JsonResponse(
        {"ok": validation.ok, "errors": validation.errors}, status=200 if validation.ok else 400
    )


def response_audit_view(request: HttpRequest, pk: int, org: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    response = get_object_or_404(
        SurveyResponse.objects.select_related("round", "organisation"), round_id=pk, organisation__slug=org
    )
    if not policy.can_view_audit(actor):
        return _deny(request, actor)
    entries = AuditEntry.objects.filter(response=response).select_related("actor_user", "actor_contact")
    return render(request, "surveys/response_audit.html", {"response": response, "entries": entries})


__all__ = ["RoundStatus"]
