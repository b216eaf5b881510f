from django.contrib import admin

from kartlagg.alerts.models import AlertDelivery, AlertSubscription


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "user", "language", "active", "last_seq", "created")
    list_filter = ("active", "language")
    search_fields = ("email",)


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(admin.ModelAdmin):
    list_display = ("subscription", "sent_at", "status", "ads", "from_seq", "to_seq")
    list_filter = ("status",)
