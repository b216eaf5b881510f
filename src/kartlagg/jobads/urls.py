from django.urls import path

from kartlagg.jobads import views

app_name = "jobads"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("export.csv", views.export_csv_view, name="export_csv"),
    path("ad/<int:ad_key>/", views.ad_detail_view, name="detail"),
]
