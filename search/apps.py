import oscar.apps.search.apps as apps
from django.db.models.signals import post_delete, post_save


class SearchConfig(apps.SearchConfig):
    name = "search"

    def ready(self):
        super().ready()
        from oscar.core.loading import get_model
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from search import receivers
        from search.models import SearchSettings
        from search.signals import index_changes_committed

        product = get_model("catalogue", "Product")
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.product_changed, sender=product, dispatch_uid=f"search-p-{signal}"
            )
            signal.connect(
                receivers.stockrecord_changed,
                sender=get_model("partner", "StockRecord"),
                dispatch_uid=f"search-sr-{signal}",
            )
            signal.connect(
                receivers.product_category_changed,
                sender=get_model("catalogue", "ProductCategory"),
                dispatch_uid=f"search-pc-{signal}",
            )
        post_save.connect(
            receivers.category_changed,
            sender=get_model("catalogue", "Category"),
            dispatch_uid="search-category",
        )
        page_published.connect(receivers.page_changed, dispatch_uid="search-page-published")
        page_unpublished.connect(receivers.page_changed, dispatch_uid="search-page-unpublished")
        post_delete.connect(receivers.page_changed, sender=Page, dispatch_uid="search-page-deleted")
        post_save.connect(
            receivers.search_settings_saved, sender=SearchSettings, dispatch_uid="search-settings"
        )
        index_changes_committed.connect(
            receivers.index_changes_committed, dispatch_uid="search-index-flush"
        )
