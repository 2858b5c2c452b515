"""Translated catalogue fields: French reads fall back to English, and searches find products
in either language whatever language is active."""

from decimal import Decimal

import pytest
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from search.backends.database import DatabaseBackend
from search.interface import ProductQuery
from search.services import search_index_flush

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture
def apple():
    """An English-only product and a translated one, in an English-only category."""
    category = Category.add_root(name_en="Orchard fruit", slug="orchard-fruit")
    english_only = create_product(title="Zorblax Gala apple", price=Decimal("1.00"), num_in_stock=5)
    english_only.description_en = "Crisp and sweet."
    english_only.save()
    translated = create_product(
        title="Zorblax Bramley apple", price=Decimal("2.00"), num_in_stock=5
    )
    translated.title_fr = "Pomme Zorblax Bramley"
    translated.description_fr = "Une pomme à cuire acidulée."
    translated.save()
    for product in (english_only, translated):
        ProductCategory.objects.create(product=product, category=category)
    return english_only, translated, category


def test_a_missing_french_value_falls_back_to_english(apple):
    english_only, translated, category = apple
    english_only.refresh_from_db()
    with translation.override("fr"):
        assert english_only.title == english_only.get_title() == "Zorblax Gala apple"
        assert english_only.description == "Crisp and sweet."
        assert translated.get_title() == "Pomme Zorblax Bramley"
        assert category.name == "Orchard fruit"
    with translation.override("en"):
        assert translated.get_title() == "Zorblax Bramley apple"


def test_an_empty_french_value_falls_back_too(apple):
    english_only, _, _ = apple
    english_only.title_fr = ""
    english_only.save()
    english_only.refresh_from_db()
    with translation.override("fr"):
        assert english_only.title == "Zorblax Gala apple"


def _found(text: str, language: str) -> set[int]:
    search_index_flush()  # what the worker does once the changes are committed
    with translation.override(language):
        hits = DatabaseBackend().products_search(
            query=ProductQuery(text=text, language=language, per_page=100)
        )
    return set(hits.ids)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_database_search_finds_products_in_either_language(apple, language):
    english_only, translated, _ = apple
    # English words find untranslated and translated products alike, French words the
    # translated one, whatever language the shopper browses in.
    assert _found("Zorblax apple", language) == {english_only.pk, translated.pk}
    assert _found("pomme zorblax", language) == {translated.pk}
    assert _found("acidulée", language) == {translated.pk}
    # Category names match in any language as well.
    assert _found("orchard", language) == {english_only.pk, translated.pk}


def test_suggestions_complete_titles_as_shown_in_the_active_language(apple):
    backend = DatabaseBackend()
    with translation.override("fr"):
        french = backend.products_suggest(language="fr", text="zorblax")
    # Starting with the text first, then containing it; untranslated: the English title.
    assert french == ["Zorblax Gala apple", "Pomme Zorblax Bramley"]
    with translation.override("en"):
        english = backend.products_suggest(language="en", text="zorblax")
    assert english == ["Zorblax Bramley apple", "Zorblax Gala apple"]
