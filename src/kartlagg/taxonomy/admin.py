"""The taxonomy in the admin: view only.

The domain pack files are the source of the taxonomy; an edit made here would silently disagree with
them and vanish at the next `kartlagg domain load`. Coordinators change the pack and load it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kartlagg.taxonomy.models import AreaLink, CompetenceArea, Domain, DomainVersion


class _ViewOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AreaLinkInline(_ViewOnly, admin.TabularInline):
    model = AreaLink
    extra = 0


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(_ViewOnly, admin.ModelAdmin):
    list_display = ("code", "label_sv", "label_en", "parent", "domain", "active", "last_version")
    list_filter = ("domain", "active")
    search_fields = ("code", "label_sv", "label_en")
    inlines = [AreaLinkInline]


@admin.register(DomainVersion)
class DomainVersionAdmin(_ViewOnly, admin.ModelAdmin):
    list_display = ("domain", "version", "content_hash", "loaded_at", "is_current")
    list_filter = ("domain", "is_current")


@admin.register(Domain)
class DomainAdmin(_ViewOnly, admin.ModelAdmin):
    list_display = ("slug", "name_sv", "name_en")
