from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation

from kartlagg import __version__
from kartlagg.core.navigation import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = []
    current = request.path
    for item in nav_items(getattr(request, "user", None) or AnonymousUser()):
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current == url if url.rstrip("/") in ("", "/en") else current.startswith(url)
        items.append({"url": url, "label": item.label, "active": active})
    return {"nav": items, "kartlagg_version": __version__, "other_languages": language_links(request)}


def language_links(request: HttpRequest) -> list[dict[str, str]]:
    """The same page in each other language, as plain links.

    A link rather than Django's set_language form: with Swedish unprefixed at / the form's view always
    runs in Swedish and cannot map an /en/ address back, so the switch from English would stay English.
    translate_url runs here, in the page's own language, where the current address does resolve.
    """
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, _ in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(path, code)
        if url == path:  # an address outside the translated pages (e.g. a 404): that language's home
            with translation.override(code):
                url = reverse("core:home")
        info = translation.get_language_info(code)
        links.append({"code": code, "name": str(info["name_local"]).capitalize(), "url": url})
    return links
