from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from kartlagg.catalogue.models import Offering, OfferingArea


class OfferingAreaInline(admin.TabularInline):
    model = OfferingArea
    extra = 1
    autocomplete_fields = ("area",)


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    # Addresses typed without a scheme are read as https (Django 6 default, no deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("key", "title_sv", "title_en", "provider", "country", "kind", "level", "atmp_share")
    list_filter = ("country", "kind", "level", "format", "atmp_share")
    list_select_related = ("provider",)
    search_fields = ("key", "title_sv", "title_en", "description_sv", "description_en", "provider__name")
    autocomplete_fields = ("provider",)
    readonly_fields = ("updated_at",)
    inlines = [OfferingAreaInline]
    fieldsets = (
        (None, {"fields": ("key", "title_sv", "title_en", "kind", "provider", "atmp_share")}),
        (
            _("Where and how"),
            {"fields": ("country", "city", "languages", "format", "level", "target_groups")},
        ),
        (
            _("Extent, fee and dates"),
            {"fields": ("extent_value", "extent_unit", "fee", "capacity", "start_date", "end_date")},
        ),
        (_("Description"), {"fields": ("url", "description_sv", "description_en", "source", "updated_at")}),
    )
