"""Interview pages: coordinators only (the same policy object as the surveys)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, render

from kartlagg.interviews.models import Interview
from kartlagg.interviews.selectors import interview_list
from kartlagg.surveys.policy import policy
from kartlagg.surveys.views import _deny, actor_from_request


def interview_list_view(request: HttpRequest) -> HttpResponseBase:
    actor = actor_from_request(request)
    if not policy.can_view_interviews(actor):
        return _deny(request, actor)
    return render(request, "interviews/list.html", {"interviews": interview_list()})


def interview_detail_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    actor = actor_from_request(request)
    if not policy.can_view_interviews(actor):
        return _deny(request, actor)
    interview = get_object_or_404(Interview.objects.select_related("organisation"), pk=pk)
    statements = interview.statements.prefetch_related("areas", "themes")
    return render(request, "interviews/detail.html", {"interview": interview, "statements": statements})
