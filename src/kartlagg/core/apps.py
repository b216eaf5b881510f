from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kartlagg.core"
    label = "core"
    verbose_name = "kartlagg"

    def ready(self) -> None:
        from kartlagg.core import checks  # noqa: F401  (registers system checks)
        from kartlagg.core.navigation import register_nav
        from kartlagg.core.textsearch import install

        install()  # case-insensitive lookups that fold å ä ö on SQLite too

        register_nav(url_name="core:home", label=_("Overview"), order=0)
