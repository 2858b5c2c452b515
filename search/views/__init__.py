# Oscar looks up CatalogueView and ProductCategoryView here (get_class("search.views", ...));
# FacetedSearchView is not overridden and comes from Oscar's own module.
from search.views.catalogue import CatalogueView, ProductCategoryView

__all__ = ["CatalogueView", "ProductCategoryView"]
