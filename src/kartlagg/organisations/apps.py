from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "kartlagg.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="organisations:list", label=_("Organisations"), order=80)
