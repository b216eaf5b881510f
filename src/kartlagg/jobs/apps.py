from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "kartlagg.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav
        from kartlagg.jobs import tasks  # noqa: F401  (registers the job kinds)
        from kartlagg.jobs.policy import can_run_jobs

        # Coordinators only, like the pages themselves (kartlagg.jobs.views).
        register_nav(url_name="jobs:list", label=_("Background jobs"), order=90, visible_to=can_run_jobs)
