"""Changes reach the index on commit, batched, and survive an outage of the search server."""

from unittest import mock

import pytest
from django.db import transaction
from oscar.core.loading import get_model

from search import services
from search.backends.base import SearchUnavailable
from search.models import PendingIndexChange
from search.tasks import search_index_flush

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


class RecordingBackend:
    """Stands in for a search server: records what it is sent, or fails while ``down``."""

    name = "recording"

    def __init__(self):
        self.upserted: dict[str, list[dict]] = {}
        self.deleted: dict[str, list[int]] = {}
        self.calls = 0
        self.down = False

    def _call(self):
        self.calls += 1
        if self.down:
            raise SearchUnavailable("connection refused")

    def products_upsert(self, *, language, documents):
        self._call()
        self.upserted.setdefault(language, []).extend(documents)

    def products_delete(self, *, language, ids):
        self._call()
        self.deleted.setdefault(language, []).extend(ids)

    def pages_upsert(self, *, language, documents):
        self._call()

    def pages_delete(self, *, language, ids):
        self._call()


@pytest.fixture
def backend(monkeypatch):
    recording = RecordingBackend()
    monkeypatch.setattr(services, "search_backend", lambda: recording)
    return recording


def test_many_changes_in_one_transaction_are_flushed_by_one_task(
    backend, django_capture_on_commit_callbacks
):
    PendingIndexChange.objects.all().delete()
    products = list(Product.objects.browsable().order_by("pk")[:25])
    with (
        mock.patch.object(search_index_flush, "delay", wraps=search_index_flush.delay) as flush,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        for product in products:
            product.title = f"{product.title} (new)"
            product.save()
        assert PendingIndexChange.objects.count() == 25

    assert flush.call_count == 1
    assert PendingIndexChange.objects.count() == 0
    # Each language's index holds the titles shoppers read in it (French, else English).
    for language in ("en", "fr"):
        titles = {d["id"]: d["title"] for d in backend.upserted[language]}
        expected = {p.pk: getattr(p, f"title_{language}") or p.title_en for p in products}
        assert titles == expected
    assert any(p.title_fr for p in products), "the demo ships French titles"
    # One call per language and kind for the whole batch, not one per product.
    assert backend.calls == 2


def test_a_stock_change_refreshes_availability(backend, django_capture_on_commit_callbacks):
    record = StockRecord.objects.filter(product__parent=None, num_in_stock__gt=0).first()
    with django_capture_on_commit_callbacks(execute=True):
        record.num_in_stock = record.num_allocated or 0
        record.save()
    document = next(d for d in backend.upserted["en"] if d["id"] == record.product_id)
    assert document["in_stock"] is False


def test_hidden_and_deleted_products_leave_the_index(backend, django_capture_on_commit_callbacks):
    hidden, deleted = Product.objects.browsable().filter(structure="standalone")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        hidden.is_public = False
        hidden.save()
        deleted_id = deleted.pk
        deleted.delete()
    assert {hidden.pk, deleted_id} <= set(backend.deleted["en"])
    assert not any(d["id"] in (hidden.pk, deleted_id) for d in backend.upserted.get("en", []))


def test_a_variant_change_refreshes_its_parent(backend, django_capture_on_commit_callbacks):
    child = Product.objects.filter(structure="child").first()
    with django_capture_on_commit_callbacks(execute=True):
        child.save()
    assert child.parent_id in {d["id"] for d in backend.upserted["en"]}


def test_nothing_is_lost_while_the_search_server_is_down(
    backend, django_capture_on_commit_callbacks
):
    PendingIndexChange.objects.all().delete()
    product = Product.objects.browsable().first()
    backend.down = True
    with django_capture_on_commit_callbacks(execute=False):
        product.title = "Renamed while search is down"
        product.save()
    with pytest.raises(SearchUnavailable):
        services.search_index_flush()
    assert PendingIndexChange.objects.filter(object_id=product.pk).exists()

    backend.down = False
    assert search_index_flush.apply().get() == 1  # the next run (a retry or beat) catches up

    assert not PendingIndexChange.objects.exists()
    assert backend.upserted["en"][-1]["title"] == "Renamed while search is down"


def test_flush_task_retries_with_backoff_when_the_server_is_down():
    assert SearchUnavailable in search_index_flush.autoretry_for
    assert search_index_flush.retry_backoff and search_index_flush.max_retries is None


def test_beat_runs_the_flush_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["search-index-flush"]
    assert schedule["task"] == search_index_flush.name
    assert schedule["schedule"] <= 60


def test_synonyms_merge_code_and_merchandiser_groups(settings):
    from search.models import SearchSettings

    settings.SEARCH_SYNONYMS = [["phone", "mobile"]]
    SearchSettings.objects.update_or_create(defaults={"synonyms": "Sofa, couch\n\n"})
    SearchSettings.load(request_or_site=None)
    synonyms = services.search_synonyms()
    assert synonyms["mobile"] == ["phone"]
    assert synonyms["couch"] == ["sofa"] and synonyms["sofa"] == ["couch"]


def test_a_product_that_cannot_be_bought_leaves_the_index(
    backend, django_capture_on_commit_callbacks
):
    record = StockRecord.objects.filter(product__parent=None).first()
    with django_capture_on_commit_callbacks(execute=True):
        record.delete()  # no stock record: no price, nothing to buy
    assert record.product_id in backend.deleted["en"]


def test_popularity_is_the_number_of_purchases():
    from search.documents import product_documents

    product = Product.objects.browsable().filter(structure="standalone").first()
    get_model("analytics", "ProductRecord").objects.update_or_create(
        product=product, defaults={"num_purchases": 7}
    )
    documents, _ = product_documents(ids=[product.pk], language="en")
    assert documents[0]["popularity"] == 7
