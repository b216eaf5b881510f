from django.contrib import admin

from kartlagg.reports.models import Edition, ReportBuild, SectionText


class SectionTextInline(admin.StackedInline):
    model = SectionText
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("key", "year", "title_sv", "survey_round", "scenario", "illustrative")
    search_fields = ("key", "title_sv", "title_en")
    inlines = [SectionTextInline]


@admin.register(ReportBuild)
class ReportBuildAdmin(admin.ModelAdmin):
    list_display = (
        "edition",
        "language",
        "format",
        "sha256",
        "data_hash",
        "taxonomy_version",
        "code_version",
        "built_at",
    )
    readonly_fields = (
        "edition",
        "language",
        "format",
        "sha256",
        "data_hash",
        "taxonomy_version",
        "code_version",
        "built_at",
        "built_by",
    )
    exclude = ("content",)
