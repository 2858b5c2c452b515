"""Catalogue and category browsing from the database.

Oscar 4 browses through haystack, whose database backend returns nothing for an empty query, so
the "All products" and category pages of a shop without a search server would be empty. These
views list products from the database instead and keep Oscar's templates, URLs and behaviour
(category path redirects, hidden categories for staff only, bad page numbers back to page one).
"""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_model

from search import selectors

Category = get_model("catalogue", "Category")


class CatalogueView(generic.ListView):
    context_object_name = "products"
    template_name = "oscar/catalogue/browse.html"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("The given page number was invalid."))
            return redirect(self.first_page_url())

    def first_page_url(self) -> str:
        return reverse("catalogue:index")

    def get_queryset(self):
        return selectors.products_browsable()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        return context


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        # Staff may look at hidden categories, to check them before publishing.
        if not (self.category.is_public or request.user.is_staff):
            raise Http404()
        expected_path = self.category.get_absolute_url()
        if unquote(expected_path) != unquote(request.path):
            # Categories are found by primary key so that a renamed slug redirects.
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def first_page_url(self) -> str:
        return self.category.get_absolute_url()

    def get_queryset(self):
        return selectors.products_browsable(category=self.category)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context
