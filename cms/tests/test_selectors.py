"""The story and landing pages shown on Oscar's pages: live, in the shopper's language."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from cms import selectors
from cms.models import CategoryLandingPage, ProductPage

pytestmark = pytest.mark.django_db


def test_product_story_page_follows_the_active_language(make_page, product, fr_locale):
    assert selectors.product_story_page(product=product) is None

    english = make_page(ProductPage, title="Story", product=product)
    with translation.override("fr"):
        # No French translation yet: the default-locale page stands in.
        assert selectors.product_story_page(product=product) == english

    french = english.copy_for_translation(fr_locale, copy_parents=True)
    french.title = "Histoire"
    french.save_revision().publish()

    with translation.override("fr"):
        assert selectors.product_story_page(product=product).pk == french.pk
    with translation.override("en"):
        assert selectors.product_story_page(product=product).pk == english.pk

    english.unpublish()
    with translation.override("en"):
        assert selectors.product_story_page(product=product) is None


def test_category_landing_page_is_the_live_one(make_page, product):
    category = product.categories.first()
    make_page(CategoryLandingPage, title="Draft landing", category=category, publish=False)
    assert selectors.category_landing_page(category=category) is None


def test_includes_render_the_story_and_the_landing_body(make_page, product, rf):
    story = make_page(
        ProductPage,
        title="Story",
        product=product,
        story=[("rich_text", "<p>Roasted in small batches.</p>")],
    )
    landing = make_page(
        CategoryLandingPage,
        title="Landing",
        category=product.categories.first(),
        body=[("hero", {"title": "All about coffee"})],
    )
    request = rf.get("/en/")

    story_html = render_to_string(
        "cms/includes/product_story.html", {"story_page": story}, request=request
    )
    landing_html = render_to_string(
        "cms/includes/category_landing.html", {"landing_page": landing}, request=request
    )

    assert "Roasted in small batches." in story_html
    assert "All about coffee" in landing_html
    assert render_to_string("cms/includes/product_story.html", {"story_page": None}).strip() == ""
