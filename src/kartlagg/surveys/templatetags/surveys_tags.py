from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """{{ labels|get_item:code }}: look a key up in a dict from a template."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def percent(fraction: Any) -> int:
    return round(float(fraction) * 100)
