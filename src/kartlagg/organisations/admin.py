from django.contrib import admin
from django.db import models

from kartlagg.organisations.models import Contact, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    # Addresses typed without a scheme are read as https (Django 6 default, no deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "kind", "country", "city", "region")
    list_filter = ("kind", "country")
    search_fields = ("name", "org_number", "city")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ContactInline]
