from django.urls import path

from kartlagg.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscriptions_view, name="subscriptions"),
    path("<int:pk>/off/", views.deactivate_view, name="deactivate"),
]
