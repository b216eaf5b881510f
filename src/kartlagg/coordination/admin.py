from django.contrib import admin

from kartlagg.coordination.models import ActorRole, Decision, Initiative, Match, Membership, Need, Offer


@admin.register(ActorRole)
class ActorRoleAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "region", "contact"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "region"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]


class ContributionAdmin(admin.ModelAdmin):
    list_display = [
        "display_title",
        "organisation",
        "type",
        "capacity_per_year",
        "status",
        "is_public",
        "source",
    ]
    list_filter = ["type", "status", "is_public", "source"]
    search_fields = ["title", "organisation__name"]
    filter_horizontal = ["areas"]


admin.site.register(Offer, ContributionAdmin)
admin.site.register(Need, ContributionAdmin)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["offer", "need", "status", "places", "score", "confirmed_at"]
    list_filter = ["status"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "funder", "status", "start_date", "end_date"]
    list_filter = ["status"]
    filter_horizontal = ["areas"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["decided_on", "title", "follow_up_on", "followed_up"]
    list_filter = ["followed_up"]
