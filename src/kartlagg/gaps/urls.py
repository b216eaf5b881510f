from django.urls import path

from kartlagg.gaps import views

app_name = "gaps"
urlpatterns = [
    path("", views.gap_ranking_view, name="ranking"),
    path("cell/<slug:area>/<slug:level>/", views.gap_cell_view, name="cell"),
    path("plans/<slug:key>/", views.plan_detail_view, name="plan"),
]
