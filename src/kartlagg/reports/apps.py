from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kartlagg.reports"
    label = "reports"
    verbose_name = _("Status reports")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="reports:list", label=_("Status report"), order=70)
