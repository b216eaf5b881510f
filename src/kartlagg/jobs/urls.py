from django.urls import path

from kartlagg.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list_view, name="list"),
    path("<int:pk>/", views.job_detail_view, name="detail"),
    path("<int:pk>/status.json", views.job_status_view, name="status"),
    path("reports/<slug:key>/build/", views.report_build_view, name="report_build"),
    path("catalogue/import/", views.catalogue_import_view, name="catalogue_import"),
    path("jobads/classify/", views.ads_reclassify_view, name="ads_reclassify"),
]
