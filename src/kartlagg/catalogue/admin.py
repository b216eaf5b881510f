from django.contrib import admin

from kartlagg.catalogue.models import Offering, OfferingArea


class OfferingAreaInline(admin.TabularInline):
    model = OfferingArea
    extra = 1
    autocomplete_fields = ("area",)


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("title_sv", "title_en", "provider", "country", "kind", "level", "atmp_share")
    list_filter = ("country", "kind", "level", "format", "atmp_share")
    search_fields = ("title_sv", "title_en", "description_sv", "description_en", "provider__name")
    autocomplete_fields = ("provider",)
    inlines = [OfferingAreaInline]
