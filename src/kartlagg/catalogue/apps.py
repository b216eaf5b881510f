from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "kartlagg.catalogue"
    label = "catalogue"
    verbose_name = _("Education catalogue")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="catalogue:list", label=_("Education catalogue"), order=30)
