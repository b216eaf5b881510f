from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlertsConfig(AppConfig):
    name = "kartlagg.alerts"
    label = "alerts"
    verbose_name = _("Job-ad alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kartlagg.coordination.policy import is_coordinator
        from kartlagg.core.navigation import register_nav

        # Coordinators only, like the page itself (kartlagg.alerts.views).
        register_nav(
            url_name="alerts:subscriptions",
            label=pgettext_lazy("navigation", "Ad alerts"),
            order=45,
            visible_to=is_coordinator,
        )
