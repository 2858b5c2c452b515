"""Oscar's product page, reading what its templates show in a fixed number of queries.

Oscar's ``catalogue`` app config loads its views with ``get_class("catalogue.views", ...)``, so
this module's ``ProductDetailView`` replaces Oscar's (the other views are still Oscar's). Its
URL, redirects, visibility rules and ``product_viewed`` signal (the view count) are unchanged;
the product comes with its class, option flags, review count, breadcrumb category and
recommendation flag (``selectors.products_for_detail``), then its images, prices and attribute
values in a query each (``selectors.product_detail_prefetch``), where Oscar's templates read
them again for each part of the page and once per variant.
"""

from oscar.apps.catalogue import views as oscar_views

from commerce.catalogue import selectors


class ProductDetailView(oscar_views.ProductDetailView):
    def get_queryset(self):
        return selectors.products_for_detail()

    def get_context_data(self, **kwargs):
        product = self.object
        selectors.product_detail_prefetch(product=product)
        context = super().get_context_data(**kwargs)
        # Read by templates/oscar/catalogue/detail.html in place of Oscar's
        # ``product.get_categories.first.get_ancestors_and_self`` and
        # ``product.sorted_recommended_products``.
        context["breadcrumb_categories"] = (
            selectors.category_lineage_links(
                category_id=product.breadcrumb_category_id, request=self.request
            )
            if product.breadcrumb_category_id is not None
            else []
        )
        context["recommended_products"] = (
            selectors.product_recommendations(product=product, limit=6)
            if product.has_recommendations
            else []
        )
        return context
