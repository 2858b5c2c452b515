"""Storefront search and browsing parameters (a plain form: nothing here uses haystack)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.interface import Sort


class SearchForm(forms.Form):
    # tabindex 1 so that the search box is the first thing a keyboard user reaches.
    q = forms.CharField(
        required=False,
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Search"),
                "tabindex": "1",
                "class": "form-control",
                "type": "search",
            }
        ),
    )
    sort_by = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (Sort.RELEVANCE.value, _("Relevance")),
            (Sort.PRICE_ASC.value, _("Price low to high")),
            (Sort.PRICE_DESC.value, _("Price high to low")),
            (Sort.NEWEST.value, _("Newest")),
        ],
    )
    category = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    min_price = forms.DecimalField(required=False, min_value=0, widget=forms.HiddenInput)
    max_price = forms.DecimalField(required=False, min_value=0, widget=forms.HiddenInput)
    in_stock = forms.NullBooleanField(required=False, widget=forms.HiddenInput)
    price_range = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.pop("selected_facets", None)
        super().__init__(*args, **kwargs)


BrowseCategoryForm = SearchForm
CategoryForm = SearchForm
