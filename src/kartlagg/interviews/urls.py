from django.urls import path

from kartlagg.interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.interview_list_view, name="list"),
    path("<int:pk>/", views.interview_detail_view, name="detail"),
]
