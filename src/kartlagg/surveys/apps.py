from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "kartlagg.surveys"
    label = "surveys"
    verbose_name = _("Demand surveys")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav
        from kartlagg.surveys import checks  # noqa: F401 (registers the system checks)

        register_nav(url_name="surveys:rounds", label=_("Surveys"), order=40)
