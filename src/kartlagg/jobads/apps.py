from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobadsConfig(AppConfig):
    name = "kartlagg.jobads"
    label = "jobads"
    verbose_name = _("Job ads")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="jobads:overview", label=_("Job ads"), order=40)
