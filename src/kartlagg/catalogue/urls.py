from django.urls import path

from kartlagg.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.offering_list_view, name="list"),
    path("export.<str:fmt>", views.offering_export_view, name="export"),
    path("<int:pk>/", views.offering_detail_view, name="detail"),
]
