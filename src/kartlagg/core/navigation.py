"""The site's main navigation, as one registry that each app adds its sections to.

Apps register in their AppConfig.ready(), so adding a section never means editing the base template.
A section only some visitors may open names the rule (`visible_to`, the same policy function its views
ask), so nobody is shown a link that answers "log in" or "forbidden".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

VisibleTo = Callable[[Any], bool]  # the request's user -> may open the section


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    order: int
    visible_to: VisibleTo | None = None  # None: everyone

    def shown_to(self, user: Any) -> bool:
        return self.visible_to is None or bool(self.visible_to(user))


_ITEMS: dict[str, NavItem] = {}


def register_nav(
    *, url_name: str, label: str | Promise, order: int, visible_to: VisibleTo | None = None
) -> None:
    """Add a section to the main navigation (idempotent: re-registering replaces)."""
    _ITEMS[url_name] = NavItem(url_name=url_name, label=label, order=order, visible_to=visible_to)


def nav_items(user: Any = None) -> list[NavItem]:
    """The sections in order; given a user, only those that user may open."""
    items = sorted(_ITEMS.values(), key=lambda item: item.order)
    return items if user is None else [item for item in items if item.shown_to(user)]
