from django.contrib import admin

from kartlagg.organisations.models import Contact, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "city", "region")
    list_filter = ("kind", "country")
    search_fields = ("name", "org_number", "city")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ContactInline]
