"""What moves the content version on: every change a shopper could see in a cached answer.

The same saves and deletes that feed the search index (products, stock records, product
categories, pages published, unpublished or moved) and what search does not index but pages
show (offers, images, reviews, categories, the footer...) bump the version twice: at once, so
the change's own transaction reads fresh answers, and again after the commit, so that a
request which read the old rows meanwhile and cached them under the first bump is not found.
Writes that send no signal (bulk imports) reach the cache through search's
``index_changes_committed``, sent once after their commit.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from commerce.response_cache.versions import content_version_bump

# Models whose rows show on cached pages or API answers but that search does not index.
WATCHED_MODELS = (
    ("catalogue", "Product"),
    ("partner", "StockRecord"),
    ("catalogue", "ProductCategory"),
    ("catalogue", "Category"),
    ("catalogue", "ProductImage"),
    ("catalogue", "ProductAttributeValue"),
    ("catalogue", "ProductRecommendation"),
    ("catalogue", "Option"),
    ("reviews", "ProductReview"),
    ("offer", "ConditionalOffer"),
    ("offer", "Range"),
    ("offer", "RangeProduct"),
    ("offer", "Condition"),
    ("offer", "Benefit"),
    ("cms", "FooterSettings"),
    ("search", "SearchSettings"),
    ("wagtailcore", "Site"),
    # A page deleted (post_delete is sent for its Page row); drafts saved are not live.
    ("wagtailcore", "Page"),
    ("wagtailcore", "PageViewRestriction"),
)


def _bump_after_commit() -> None:
    content_version_bump()


def content_changed(sender=None, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading
    content_version_bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # autocommit: the write is already committed
    # One after-commit bump per transaction, however many rows it saves (Django drops the
    # callbacks of a savepoint that rolls back, so a surviving change always keeps one).
    queued = (callback for _savepoints, callback, _robust in connection.run_on_commit)
    if _bump_after_commit not in queued:
        transaction.on_commit(_bump_after_commit, robust=True)


def index_changes_committed(sender, **kwargs) -> None:
    # Already after the commit.
    content_version_bump()


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from search.signals import index_changes_committed as search_changes_committed

    search_changes_committed.connect(index_changes_committed, dispatch_uid="response-cache-index")
    for app_label, model_name in WATCHED_MODELS:
        model = apps.get_model(app_label, model_name)
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"response-cache-{model._meta.label}"
            )
    # Pages: the search receivers record them too, but a page moved or (un)published with no
    # text change must still show at once in menus and listings.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"response-cache-page-{id(signal)}")
    # A range's products, classes and categories are lists edited on their own.
    for field in apps.get_model("offer", "Range")._meta.many_to_many:
        m2m_changed.connect(
            content_changed,
            sender=field.remote_field.through,
            dispatch_uid=f"response-cache-range-{field.name}",
        )
