from django.contrib import admin

from kartlagg.gaps.models import Plan, PlanDemand, Scenario


class PlanDemandInline(admin.TabularInline):
    model = PlanDemand
    extra = 1
    autocomplete_fields = ("area",)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("key", "name_sv", "kind", "hires_min", "hires_max", "illustrative")
    search_fields = ("key", "name_sv", "name_en")
    inlines = [PlanDemandInline]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("key", "name_sv", "ads_from_year", "ads_to_year", "position", "is_default")
    filter_horizontal = ("plans",)
