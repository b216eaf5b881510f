from django.contrib import admin

from kartlagg.interviews.models import Interview, Statement, Theme


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    filter_horizontal = ["areas", "themes"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["person_name", "person_role", "organisation", "consent", "is_illustrative"]
    list_filter = ["consent", "is_illustrative"]
    inlines = [StatementInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["slug", "label_sv", "label_en"]
