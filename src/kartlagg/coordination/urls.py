from django.urls import path

from kartlagg.coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("offers/", views.contribution_list_view, {"kind": "offer"}, name="offers"),
    path("offers/new/", views.contribution_create_view, {"kind": "offer"}, name="offer_new"),
    path("offers/<int:pk>/", views.contribution_detail_view, {"kind": "offer"}, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.contribution_edit_view, {"kind": "offer"}, name="offer_edit"),
    path("needs/", views.contribution_list_view, {"kind": "need"}, name="needs"),
    path("needs/new/", views.contribution_create_view, {"kind": "need"}, name="need_new"),
    path("needs/<int:pk>/", views.contribution_detail_view, {"kind": "need"}, name="need_detail"),
    path("needs/<int:pk>/edit/", views.contribution_edit_view, {"kind": "need"}, name="need_edit"),
    path("suggestions/", views.suggestion_list_view, name="suggestions"),
    path("matches/", views.match_list_view, name="matches"),
    path("matches/confirm/", views.match_confirm_view, name="match_confirm"),
    path("matches/<int:pk>/", views.match_detail_view, name="match_detail"),
    path("initiatives/", views.initiative_list_view, name="initiatives"),
    path("initiatives/new/", views.initiative_create_view, name="initiative_new"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit_view, name="initiative_edit"),
    path("decisions/", views.decision_list_view, name="decisions"),
    path("decisions/new/", views.decision_create_view, name="decision_new"),
    path("decisions/<int:pk>/followed-up/", views.decision_followed_up_view, name="decision_followed_up"),
    path("actors/", views.actor_list_view, name="actors"),
]
