from django.urls import path, register_converter

from kartlagg.jobads import views


class SignedIntConverter:
    """Ad keys are signed 64-bit hashes; Django's <int:> takes no minus sign."""

    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(SignedIntConverter, "signed")

app_name = "jobads"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("export.csv", views.export_csv_view, name="export_csv"),
    path("ad/<signed:ad_key>/", views.ad_detail_view, name="detail"),
]
