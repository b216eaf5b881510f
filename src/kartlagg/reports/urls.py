from django.urls import path

from kartlagg.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("<slug:key>/<str:language>.html", views.report_html_view, name="html"),
    path("<slug:key>/<str:language>.pdf", views.report_pdf_view, name="pdf"),
    path("<slug:key>/build/", views.report_build_view, name="build"),
    path("<slug:key>/compare/", views.report_compare_view, name="compare"),
]
