from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kartlagg.core"
    label = "core"
    verbose_name = "kartlagg"

    def ready(self) -> None:
        from kartlagg.core import checks  # noqa: F401  (registers system checks)
