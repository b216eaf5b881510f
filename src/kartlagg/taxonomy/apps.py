from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "kartlagg.taxonomy"
    label = "taxonomy"
    verbose_name = _("Competence taxonomy")

    def ready(self) -> None:
        from kartlagg.core.navigation import register_nav

        register_nav(url_name="taxonomy:area_list", label=_("Competence areas"), order=20)
