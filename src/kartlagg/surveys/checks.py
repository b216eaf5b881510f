"""System checks for the surveys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_link_guessing_cache(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Link-guessing limits live in the cache; a per-process cache lets each worker count on its own."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "Survey link guessing is rate-limited in a per-process memory cache.",
                hint="With several server processes set KARTLAGG_REDIS_URL so that all share one count.",
                id="kartlagg.surveys.W001",
            )
        ]
    return []
