"""The site's main navigation, as one registry that each app adds its sections to.

Apps register in their AppConfig.ready(), so adding a section never means editing the base template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    order: int


_ITEMS: dict[str, NavItem] = {}


def register_nav(*, url_name: str, label: str | Promise, order: int) -> None:
    """Add a section to the main navigation (idempotent: re-registering replaces)."""
    _ITEMS[url_name] = NavItem(url_name=url_name, label=label, order=order)


def nav_items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: item.order)
