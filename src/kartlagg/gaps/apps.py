from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    name = "kartlagg.gaps"
    label = "gaps"
    verbose_name = _("Gap analysis")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="gaps:ranking", label=_("Gap analysis"), order=60)
