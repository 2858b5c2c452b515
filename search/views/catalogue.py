"""Catalogue and category browsing through the search service, on Oscar's templates, URLs and
behaviour (category path redirects, hidden categories for staff only, bad pages to page one)."""

from dataclasses import dataclass
from urllib.parse import unquote

from django.contrib import messages
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commerce.catalogue import selectors as catalogue_selectors
from search.views.base import ProductSearchView


@dataclass(frozen=True)
class CategoryLink:
    name: str
    url: str


class CatalogueView(ProductSearchView):
    template_name = "oscar/catalogue/browse.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("The given page number was invalid."))
            return redirect(self.first_page_url())

    def first_page_url(self) -> str:
        return reverse("catalogue:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        return context


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        # The category and its ancestors in one query: its URL and the breadcrumbs need them.
        category_id = int(self.kwargs["pk"])
        lineage = catalogue_selectors.category_with_ancestors(category_id=category_id)
        if not lineage or lineage[-1].pk != category_id:
            raise Http404()
        self.category = lineage[-1]
        # Staff may look at hidden categories, to check them before publishing.
        if not (self.category.is_public or request.user.is_staff):
            raise Http404()
        slugs = catalogue_selectors.category_full_slugs(categories=lineage)
        self.ancestors = [
            CategoryLink(
                name=ancestor.name,
                url=catalogue_selectors.category_url(
                    category_id=ancestor.pk, full_slug=slugs[ancestor.pk]
                ),
            )
            for ancestor in lineage[:-1]
        ]
        self.category_path = catalogue_selectors.category_url(
            category_id=self.category.pk, full_slug=slugs[self.category.pk]
        )
        if unquote(self.category_path) != unquote(request.path):
            # Categories are found by primary key so that a renamed slug redirects.
            return HttpResponsePermanentRedirect(self.category_path)
        return super().get(request, *args, **kwargs)

    def get_category_id(self):
        return self.category.pk

    def first_page_url(self) -> str:
        return self.category_path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["category_ancestors"] = self.ancestors
        context["summary"] = self.category.name
        return context
