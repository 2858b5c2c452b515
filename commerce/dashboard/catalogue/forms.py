"""Dashboard catalogue forms that edit every catalogue language side by side.

Oscar's forms edit ``title``, ``description`` and ``name``, which django-modeltranslation maps to
the active language's column only. These subclasses edit the per-language columns instead
(``title_en``, ``title_fr``...; see ``commerce/catalogue/translation.py``): English, the source
language every other one falls back to, is required wherever Oscar requires the field; the other
languages are optional. Oscar's templates render every primary field, so the extra inputs need no
template changes; descriptions stay plain textareas, which the dashboard turns into its rich text
editor, and are cleaned to the storefront's allowed HTML (``commerce.catalogue.descriptions``)
before they are saved. Every other catalogue form falls back to Oscar's through ``get_class``.
"""

from django import forms
from django.conf import settings
from django.utils.text import capfirst, format_lazy
from modeltranslation.utils import build_localized_fieldname
from oscar.apps.dashboard.catalogue import forms as oscar_forms

from commerce.catalogue.descriptions import description_sanitise

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def translated_fields(name: str) -> list[str]:
    """``name``'s column per catalogue language, the source language first."""
    languages = [SOURCE_LANGUAGE] + [
        code for code in settings.MODELTRANSLATION_LANGUAGES if code != SOURCE_LANGUAGE
    ]
    return [build_localized_fieldname(name, code) for code in languages]


def _replace(fields, name: str) -> list[str]:
    """Oscar's field list with ``name`` replaced, in place, by its per-language columns."""
    result = []
    for field in fields:
        result.extend(translated_fields(field) if field == name else [field])
    return result


def _label_languages(form: forms.BaseForm, name: str, *, source_required: bool) -> None:
    """Label each language's input with Oscar's own (translated) field name and the language,
    "Title (French)", and require the source language only."""
    label = capfirst(form._meta.model._meta.get_field(name).verbose_name)
    for column in translated_fields(name):
        field = form.fields.get(column)
        if field is None:
            continue
        language = column.rsplit("_", 1)[1]
        field.label = format_lazy("{} ({})", label, LANGUAGE_NAMES.get(language, language))
        field.required = source_required and language == SOURCE_LANGUAGE


class _DescriptionsSanitised:
    """Every language's description cleaned to the allowed HTML (the storefront prints it as is)."""

    def clean(self):
        cleaned_data = super().clean()
        for column in translated_fields("description"):
            if cleaned_data.get(column):
                cleaned_data[column] = description_sanitise(cleaned_data[column])
        return cleaned_data


class ProductForm(_DescriptionsSanitised, oscar_forms.ProductForm):
    class Meta(oscar_forms.ProductForm.Meta):
        fields = _replace(_replace(oscar_forms.ProductForm.Meta.fields, "title"), "description")
        widgets = {
            **oscar_forms.ProductForm.Meta.widgets,
            **{
                column: forms.TextInput(attrs={"autocomplete": "off"})
                for column in translated_fields("title")
            },
        }

    def __init__(self, product_class, *args, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        # Oscar: a stand-alone or parent product needs a title, a child may take its parent's.
        _label_languages(self, "title", source_required=not self.instance.is_child)
        _label_languages(self, "description", source_required=False)

    def delete_non_child_fields(self):
        """Children show their parent's description, in every language."""
        super().delete_non_child_fields()
        for column in translated_fields("description"):
            self.fields.pop(column, None)


class CategoryForm(_DescriptionsSanitised, oscar_forms.CategoryForm):
    class Meta(oscar_forms.CategoryForm.Meta):
        fields = _replace(_replace(oscar_forms.CategoryForm.Meta.fields, "name"), "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "name", source_required=True)
        _label_languages(self, "description", source_required=False)


class OptionForm(oscar_forms.OptionForm):
    class Meta(oscar_forms.OptionForm.Meta):
        fields = _replace(oscar_forms.OptionForm.Meta.fields, "name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "name", source_required=True)
