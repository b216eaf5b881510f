"""The API's routers: (URL prefix, dotted path to a ninja Router). Add a domain by adding one line."""

from __future__ import annotations

ROUTERS: list[tuple[str, str]] = [
    ("/account", "kartlagg.api.routers.account.router"),
    ("/taxonomy", "kartlagg.api.routers.taxonomy.router"),
    ("/catalogue", "kartlagg.api.routers.catalogue.router"),
    ("/coordination", "kartlagg.api.routers.coordination.router"),
    ("/surveys", "kartlagg.api.routers.surveys.router"),
]
