from django.urls import path

from kartlagg.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.area_list_view, name="area_list"),
    path("<slug:code>/", views.area_detail_view, name="area_detail"),
]
