"""Page tree rules, and one story page per product (one landing page per category) per locale."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    CategoryLandingPage,
    ContentPage,
    HomePage,
    ProductPage,
)

pytestmark = pytest.mark.django_db


def test_page_tree_rules(home, make_page):
    for page_class in (ContentPage, ArticleIndexPage, CategoryLandingPage, ProductPage):
        assert page_class.can_create_at(home)
    assert not ArticlePage.can_create_at(home)
    journal = make_page(ArticleIndexPage, title="Journal")
    assert ArticlePage.can_create_at(journal)
    assert not ContentPage.can_create_at(journal)
    assert HomePage.allowed_subpage_models() and ArticlePage.allowed_subpage_models() == []


def test_one_story_page_per_product_and_locale(make_page, priced_products, fr_locale):
    product = priced_products[0]
    page = make_page(ProductPage, title="Story", product=product)
    assert page.product_locale_id == page.locale_id

    with pytest.raises(ValidationError) as error:
        make_page(ProductPage, title="Another", slug="another", product=product)
    assert "product" in error.value.message_dict

    # The database holds the rule too, whatever path a write takes.
    other = make_page(ProductPage, title="Other", slug="other", product=priced_products[1])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductPage.objects.filter(pk=other.pk).update(product=product)

    # A translation is a copy in another locale: allowed.
    french = page.copy_for_translation(fr_locale, copy_parents=True)
    assert french.product_id == product.pk
    assert french.product_locale_id == fr_locale.pk


def test_one_landing_page_per_category_and_locale(make_page, product):
    category = product.categories.first()
    make_page(CategoryLandingPage, title="Landing", category=category)
    with pytest.raises(ValidationError):
        make_page(CategoryLandingPage, title="Second", slug="second", category=category)
