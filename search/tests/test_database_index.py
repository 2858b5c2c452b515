"""The database index on the demo catalogue: typos, accents, synonyms, on SQLite and PostgreSQL."""

from __future__ import annotations

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from oscar.core.loading import get_model

from search.backends.database import DatabaseBackend
from search.interface import ProductQuery
from search.models import IndexWord, PendingIndexChange, ProductIndexEntry, SearchSettings
from search.services import search_index_flush, search_reindex

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture
def backend():
    return DatabaseBackend()


def titles(backend, text, language="en", **fields):
    hits = backend.products_search(
        query=ProductQuery(text=text, language=language, per_page=100, **fields)
    )
    return hits, set(Product.objects.filter(pk__in=hits.ids).values_list("title", flat=True))


def test_the_demo_catalogue_is_indexed_per_language():
    browsable = Product.objects.browsable().count()
    assert ProductIndexEntry.objects.filter(language="en").count() == browsable
    assert ProductIndexEntry.objects.filter(language="fr").count() == browsable
    assert IndexWord.objects.filter(language="fr", word="cafe").exists()


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("espreso", "en", "espresso"),
        ("headphnes", "en", "headphones"),
        ("casqe", "fr", "casque"),
    ],
)
def test_a_misspelt_word_finds_the_products_of_the_right_word(backend, typed, language, expected):
    right, right_titles = titles(backend, expected, language)
    wrong, wrong_titles = titles(backend, typed, language)
    assert right.total > 0
    assert wrong_titles == right_titles
    assert wrong.corrected_text == expected and right.corrected_text is None


def test_accents_never_matter(backend):
    with_accent, found = titles(backend, "café", "fr")
    without, same = titles(backend, "cafe", "fr")
    assert with_accent.total > 0 and found == same


def test_a_saved_synonym_works_at_once(backend):
    assert titles(backend, "cans")[0].total == 0
    headphones = titles(backend, "headphones")[1]
    settings = SearchSettings.load()
    settings.synonyms = "headphones, cans"
    settings.save()
    assert titles(backend, "cans")[1] == headphones


def test_every_word_must_match_and_the_last_may_be_unfinished(backend):
    unfinished, found = titles(backend, "wireless headph")
    assert unfinished.total > 0
    assert found == titles(backend, "wireless headphones")[1]
    assert titles(backend, "wireless headphones zzzz")[0].total == 0


def test_a_change_reaches_the_index_through_the_outbox(backend):
    product = Product.objects.browsable().filter(title__icontains="headphones").first()
    product.title = "Quasar headphones"
    product.save()
    assert titles(backend, "quasar")[0].total == 0  # recorded, not yet flushed
    search_index_flush()
    assert titles(backend, "quasar")[0].ids == [product.pk]
    product.is_public = False
    product.save()
    search_index_flush()
    assert titles(backend, "quasar")[0].total == 0


def test_reindex_rebuilds_index_and_vocabulary():
    IndexWord.objects.all().delete()
    ProductIndexEntry.objects.all().delete()
    counts = search_reindex()
    assert counts["en"] == Product.objects.browsable().count() == counts["fr"]
    assert IndexWord.objects.filter(language="en", word="headphones").exists()


def test_search_runs_a_fixed_number_of_queries(backend, django_assert_max_num_queries):
    titles(backend, "headphones")  # the vocabulary is read once per process
    with django_assert_max_num_queries(3):
        backend.products_search(query=ProductQuery(text="headphnes", per_page=5))


def test_search_setup_sends_the_changes_waiting_in_the_outbox(backend):
    product = Product.objects.browsable().filter(title__icontains="headphones").first()
    product.title = "Zephyrine headphones"
    product.save()
    assert PendingIndexChange.objects.filter(object_id=product.pk).exists()

    call_command("search_setup", stdout=StringIO())

    assert not PendingIndexChange.objects.exists()
    assert titles(backend, "zephyrine")[0].ids == [product.pk]


def test_the_upgrade_queues_every_browsable_product_for_the_index():
    upgrade = import_module("search.migrations.0004_index_every_product")
    PendingIndexChange.objects.all().delete()

    upgrade.products_queue(django_apps, schema_editor=None)

    queued = set(PendingIndexChange.objects.values_list("object_id", flat=True))
    assert queued == set(Product.objects.browsable().values_list("pk", flat=True))
