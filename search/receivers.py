"""Signal receivers: record what changed for the search index, and queue the tasks that bring
the index up to date; the services do the rest."""

from django.db import transaction

from search.models import PendingIndexChange
from search.services import index_changes_record
from search.tasks import search_index_flush, search_settings_apply

PRODUCT = PendingIndexChange.Kind.PRODUCT
PAGE = PendingIndexChange.Kind.PAGE


def _indexed_product_id(product) -> int | None:
    # Variants are indexed as part of their parent.
    return product.parent_id or product.pk


def product_changed(sender, instance, **kwargs):
    index_changes_record(kind=PRODUCT, ids=[_indexed_product_id(instance)])


def stockrecord_changed(sender, instance, stock_batch=(), **kwargs):
    # The stock services send post_save for each record one change wrote, each with the whole
    # ``stock_batch``: the first records them all in one statement, the others find it done.
    records = stock_batch or (instance,)
    if records[0] is not instance:
        return
    from oscar.core.loading import get_model

    ids, unloaded = [], []
    for record in records:
        ids.append(record.product_id)
        if type(record).product.is_cached(record):
            # Already loaded by the caller (stock allocation locks records with their product).
            ids.append(record.product.parent_id)
        else:
            unloaded.append(record.product_id)
    if unloaded:
        # By id: when a product is deleted its stock records go with it, and the row is gone.
        ids += (
            get_model("catalogue", "Product")
            .objects.filter(pk__in=unloaded)
            .values_list("parent_id", flat=True)
        )
    index_changes_record(kind=PRODUCT, ids=ids)


def product_category_changed(sender, instance, **kwargs):
    index_changes_record(kind=PRODUCT, ids=[instance.product_id])


def category_changed(sender, instance, **kwargs):
    # Names and paths of every product below the category are in their documents.
    from oscar.core.loading import get_model

    ids = (
        get_model("catalogue", "ProductCategory")
        .objects.filter(category__in=instance.get_descendants_and_self())
        .values_list("product_id", flat=True)
    )
    index_changes_record(kind=PRODUCT, ids=list(ids))


def page_changed(sender, instance, **kwargs):
    index_changes_record(kind=PAGE, ids=[instance.pk])


def index_changes_committed(sender, **kwargs):
    # Sent after the commit: the flush task will read committed changes.
    search_index_flush.delay()


def search_settings_saved(sender, instance, **kwargs):
    # search_setup applies them too on every deploy; a broker outage must not fail the save.
    transaction.on_commit(search_settings_apply.delay, robust=True)
