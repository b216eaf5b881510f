from django.urls import path

from kartlagg.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.round_list_view, name="rounds"),
    path("new/", views.round_create_view, name="create"),
    path("l/<str:token>/", views.link_view, name="link"),
    path("<int:pk>/", views.round_detail_view, name="detail"),
    path("<int:pk>/invite/", views.round_invite_view, name="invite"),
    path("<int:pk>/action/", views.round_action_view, name="action"),
    path("<int:pk>/results/", views.round_results_view, name="results"),
    path("<int:pk>/o/<slug:org>/", views.response_view, name="response"),
    path("<int:pk>/o/<slug:org>/autosave/", views.response_autosave_view, name="autosave"),
    path("<int:pk>/o/<slug:org>/submit/", views.response_submit_json_view, name="submit_json"),
    path("<int:pk>/o/<slug:org>/audit/", views.response_audit_view, name="audit"),
]
