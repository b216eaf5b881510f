"""URL map. Swedish pages live at /, English ones under /en/ (i18n_patterns, no prefix for Swedish)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("kartlagg.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("taxonomy/", include("kartlagg.taxonomy.urls")),
    path("catalogue/", include("kartlagg.catalogue.urls")),
    path("surveys/", include("kartlagg.surveys.urls")),
    path("interviews/", include("kartlagg.interviews.urls")),
    path("organisations/", include("kartlagg.organisations.urls")),
    path("gaps/", include("kartlagg.gaps.urls")),
    path("reports/", include("kartlagg.reports.urls")),
    path("coordination/", include("kartlagg.coordination.urls")),
    path("jobads/", include("kartlagg.jobads.urls")),
    path("jobs/", include("kartlagg.jobs.urls")),
    path("alerts/", include("kartlagg.alerts.urls")),
    path("", include("kartlagg.core.urls")),
    prefix_default_language=False,
)
