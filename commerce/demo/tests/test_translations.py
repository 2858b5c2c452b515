"""The demo catalogue in French: names and descriptions land in the French columns, English
stays the fallback, and a reload writes nothing."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from commerce.demo import data
from commerce.demo.services import demo_load

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def test_every_demo_product_and_category_has_french_wording():
    assert all(spec.title_fr and spec.description_fr for spec in data.PRODUCTS)
    assert all(variant.title_fr for spec in data.PRODUCTS for variant in spec.variants)
    assert {path[-1] for path in data.category_paths()} <= set(data.CATEGORY_NAMES_FR)
    assert set(data.CATEGORY_DESCRIPTIONS_FR) == set(data.CATEGORY_DESCRIPTIONS)


def test_a_demo_product_reads_in_french_when_french_is_active():
    demo_load()
    spec = next(s for s in data.PRODUCTS if s.sku == data.FEATURED_SKUS[0])
    product = Product.objects.get(upc=spec.sku)
    with translation.override("fr"):
        assert product.title == spec.title_fr == "Smartphone Aurora X5 Pro 5G"
        assert product.get_title() == spec.title_fr
        assert product.description == spec.description_fr
        variant = product.children.order_by("upc").first()
        assert variant.get_title().endswith("Go, Titane")
    with translation.override("en"):
        assert product.title == spec.title
    category = Category.objects.get(slug="home-kitchen", depth=1)
    with translation.override("fr"):
        assert category.name == "Maison et cuisine"
    with translation.override("en"):
        assert category.name == "Home & Kitchen"


def test_a_reload_restores_an_erased_french_title():
    demo_load()
    spec = data.PRODUCTS[0]
    Product.objects.filter(upc=spec.sku).update(title_fr=None)
    assert demo_load().updated >= 1
    assert Product.objects.get(upc=spec.sku).title_fr == spec.title_fr
