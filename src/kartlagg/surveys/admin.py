from django.contrib import admin

from kartlagg.surveys.models import (
    AccessLink,
    AuditEntry,
    InstrumentVersion,
    Invitation,
    Round,
    SurveyMembership,
    SurveyResponse,
)


@admin.register(SurveyMembership)
class SurveyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role"]
    autocomplete_fields = ["organisation"]


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ["instrument_id", "version", "content_hash", "created_at"]
    readonly_fields = ["instrument_id", "version", "content_hash", "definition", "title_sv", "title_en"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "closes_at", "published_at", "is_illustrative"]
    list_filter = ["status", "is_illustrative"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "invited_at", "reminders_sent"]
    list_filter = ["round"]


@admin.register(AccessLink)
class AccessLinkAdmin(admin.ModelAdmin):
    # The secret is never stored; the hash is shown only so a leaked link can be found and revoked.
    list_display = ["invitation", "contact", "selector", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["selector", "verifier_hash"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "status", "revision", "submitted_at"]
    list_filter = ["round", "status"]
    readonly_fields = ["answers", "revision"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "response", "kind", "question_id", "actor_label", "via"]
    list_filter = ["kind", "via"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
