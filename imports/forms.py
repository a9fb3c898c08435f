"""Forms of the import and export page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imports.exports import CSV, XLSX
from imports.models import ImportBatch
from imports.parsing import MAX_FILE_BYTES

ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file lists"),
        choices=ImportBatch.Kind.choices,
        widget=forms.RadioSelect,
        initial=ImportBatch.Kind.BENEFICIARIES,
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("At most 2 MB and 1000 rows; the first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    sheet = forms.CharField(
        label=_("Sheet name (XLSX only)"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to read the first sheet."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too big: at most %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20}
            )
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File format"), choices=[(CSV, "CSV"), (XLSX, "Excel (XLSX)")], initial=XLSX
    )
    script = forms.ChoiceField(
        label=_("Municipality names in"),
        choices=[("latn", _("Latin script")), ("cyrl", _("Cyrillic script"))],
        required=False,
    )
