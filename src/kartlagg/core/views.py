from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kartlagg.dashboard.views import dashboard_view


def home(request: HttpRequest) -> HttpResponse:
    """`/` is the dashboard (the url name core:home stays, so every link to the home page keeps working)."""
    return dashboard_view(request)


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")
