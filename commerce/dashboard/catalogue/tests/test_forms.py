"""The forked dashboard forms edit every catalogue language; English is the required one."""

import pytest
from django.utils import translation
from oscar.core.loading import get_class, get_model

from commerce.dashboard.catalogue import forms

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")


def test_oscar_loads_the_forked_forms():
    assert get_class("dashboard.catalogue.forms", "ProductForm") is forms.ProductForm
    assert get_class("dashboard.catalogue.forms", "CategoryForm") is forms.CategoryForm
    assert get_class("dashboard.catalogue.forms", "OptionForm") is forms.OptionForm


def test_the_product_form_has_one_title_and_description_per_language():
    form = forms.ProductForm(ProductClass.objects.get(slug="book"))
    for name in ("title_en", "title_fr", "description_en", "description_fr"):
        assert name in form.fields
    assert "title" not in form.fields and "description" not in form.fields
    assert form.fields["title_en"].required and not form.fields["title_fr"].required
    assert str(form.fields["title_fr"].label) == "Title (French)"
    # A plain textarea: the dashboard turns it into its rich text editor, like Oscar's field.
    assert "no-widget-init" not in form.fields["description_fr"].widget.attrs.get("class", "")
    names = [field.name for field in form.primary_form_fields()]
    assert names.index("title_en") < names.index("title_fr") < names.index("upc")


def test_a_product_needs_an_english_title_but_no_french_one():
    book = ProductClass.objects.get(slug="book")
    form = forms.ProductForm(
        book, data={"title_fr": "Sans titre anglais", "structure": "standalone"}
    )
    assert not form.is_valid()
    assert "title_en" in form.errors

    form = forms.ProductForm(
        book, data={"title_en": "A Test Book", "upc": "FORM-BOOK-1", "structure": "standalone"}
    )
    assert form.is_valid(), form.errors
    product = form.save()
    assert product.title_en == "A Test Book"
    assert not product.title_fr
    with translation.override("fr"):
        assert product.title == "A Test Book"


def test_a_variant_may_leave_every_title_empty():
    parent = Product.objects.filter(structure=Product.PARENT).first()
    form = forms.ProductForm(parent.get_product_class(), parent=parent)
    assert not form.fields["title_en"].required
    assert "description_en" not in form.fields and "description_fr" not in form.fields


def test_the_category_form_requires_the_english_name_only():
    form = forms.CategoryForm(data={"name_fr": "Seulement", "_position": "first-child"})
    assert not form.is_valid()
    assert "name_en" in form.errors
    assert "name" not in form.fields and "description" not in form.fields
    assert not forms.CategoryForm().fields["name_fr"].required


def test_the_option_form_edits_both_names():
    form = forms.OptionForm(
        data={"name_en": "Gift message", "name_fr": "Message cadeau", "type": "text", "order": 0}
    )
    assert form.is_valid(), form.errors
    option = form.save()
    with translation.override("fr"):
        assert option.name == "Message cadeau"
    with translation.override("en"):
        assert option.name == "Gift message"


def test_the_product_form_cleans_descriptions_in_every_language():
    form = forms.ProductForm(
        ProductClass.objects.get(slug="book"),
        data={
            "title_en": "Safe book",
            "structure": "standalone",
            "description_en": "<script>alert(1)</script><p>ok</p>",
            "description_fr": '<p onmouseover="alert(2)">bien</p>',
        },
    )
    assert form.is_valid(), form.errors
    product = form.save()
    assert (product.description_en, product.description_fr) == ("<p>ok</p>", "<p>bien</p>")
