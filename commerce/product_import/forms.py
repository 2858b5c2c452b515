"""The upload form of the dashboard's import page."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# A 10,000-row file is about 1 MB; this leaves room without accepting anything at all.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def upload_size_check(file) -> None:
    if file.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is larger than %(max)s.") % {"max": filesizeformat(MAX_UPLOAD_BYTES)}
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns sku, name, price, category_path, and optionally "
            "description, stock, currency, name_fr, description_fr, parent_sku."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    all_or_nothing = forms.BooleanField(
        label=_("All or nothing"),
        required=False,
        help_text=_("Import nothing if any row has an error."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        upload_size_check(file)
        return file
