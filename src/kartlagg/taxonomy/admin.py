from django.contrib import admin

from kartlagg.taxonomy.models import AreaLink, CompetenceArea, Domain, DomainVersion


class AreaLinkInline(admin.TabularInline):
    model = AreaLink
    extra = 0


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "label_sv", "label_en", "domain", "active")
    list_filter = ("domain", "active")
    search_fields = ("code", "label_sv", "label_en")
    inlines = [AreaLinkInline]


@admin.register(DomainVersion)
class DomainVersionAdmin(admin.ModelAdmin):
    list_display = ("domain", "version", "content_hash", "loaded_at", "is_current")
    readonly_fields = ("snapshot",)


admin.site.register(Domain)
