"""Start Django once for CLI commands that touch the database."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kartlagg.config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
