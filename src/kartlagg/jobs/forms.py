from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".yml")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_(
            "CSV or XLSX (also JSON or YAML) with one offering per row, as the catalogue export writes it."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Choose a .csv, .xlsx, .json or .yaml file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
