from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "kartlagg.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="coordination:overview", label=_("Coordination"), order=60)
