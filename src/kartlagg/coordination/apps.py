from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "kartlagg.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="coordination:overview", label=_("Coordination"), order=60)

        from django.db.models.signals import post_save

        from kartlagg.coordination.survey_capture import on_response_saved
        from kartlagg.surveys.models import SurveyResponse

        post_save.connect(
            on_response_saved, sender=SurveyResponse, dispatch_uid="coordination-capture-offers"
        )
