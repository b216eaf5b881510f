from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from kartlagg import __version__
from kartlagg.core.navigation import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = []
    current = request.path
    for item in nav_items():
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current == url if url.rstrip("/") in ("", "/en") else current.startswith(url)
        items.append({"url": url, "label": item.label, "active": active})
    return {"nav": items, "kartlagg_version": __version__}
