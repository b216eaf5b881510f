"""Alert pages for coordinators: their subscriptions, a form for a new one, switching one off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kartlagg.alerts import services
from kartlagg.alerts.forms import SubscriptionForm
from kartlagg.alerts.models import AlertSubscription
from kartlagg.coordination.policy import is_coordinator


def _check(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_coordinator(request.user):
        raise PermissionDenied
    return None


def subscriptions_view(request: HttpRequest) -> HttpResponse:
    denied = _check(request)
    if denied is not None:
        return denied
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            try:
                services.subscription_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Alert saved. New ATMP ads will come in the next digest."))
                return redirect("alerts:subscriptions")
    else:
        form = SubscriptionForm(initial={"email": getattr(request.user, "email", ""), "language": "sv"})
    labels = services.area_labels()
    language = (request.LANGUAGE_CODE or "sv")[:2]
    subscriptions = [
        (s, [labels.get(a, {}).get(language, a) for a in s.areas])
        for s in AlertSubscription.objects.filter(user_id=int(request.user.pk or 0)).prefetch_related(
            "deliveries"
        )
    ]
    return render(request, "alerts/subscriptions.html", {"form": form, "subscriptions": subscriptions})


@require_POST
def deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    denied = _check(request)
    if denied is not None:
        return denied
    subscription = get_object_or_404(AlertSubscription, pk=pk, user=request.user)
    services.subscription_deactivate(subscription=subscription)
    messages.success(request, _("Alert switched off."))
    return redirect("alerts:subscriptions")
