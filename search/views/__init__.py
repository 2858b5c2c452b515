# Oscar looks these up here (get_class("search.views", ...)): browsing and search both go
# through our search service instead of haystack.
from search.views.catalogue import CatalogueView, ProductCategoryView
from search.views.search import FacetedSearchView

__all__ = ["CatalogueView", "FacetedSearchView", "ProductCategoryView"]
