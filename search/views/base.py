"""Storefront search and browsing through the search service (Meilisearch or the database)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import generic

from commerce.catalogue import selectors as catalogue_selectors
from search import selectors, services
from search.forms import SearchForm
from search.interface import (
    FACET_ATTRIBUTE_PREFIX,
    FACET_AVAILABILITY,
    FACET_CATEGORY,
    FACET_PRICE,
    ProductHits,
)

FACET_LABELS = {
    FACET_CATEGORY: _("Category"),
    FACET_PRICE: _("Price range"),
    FACET_AVAILABILITY: _("Availability"),
}


class _HitsPage:
    """A sequence as long as all the hits whose only filled slice is the current page, so that
    Django's Paginator (and Oscar's pagination templates) work on backend results."""

    def __init__(self, *, hits: ProductHits, products: list):
        self.total, self.products, self.offset = (
            hits.total,
            products,
            (hits.page - 1) * hits.per_page,
        )

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if isinstance(item, slice):
            start = (item.start or 0) - self.offset
            stop = (item.stop if item.stop is not None else self.total) - self.offset
            return self.products[max(start, 0) : max(stop, 0)]
        return self.products[item - self.offset]


class ProductSearchView(generic.TemplateView):
    """Runs one product search from the GET parameters and renders it with Oscar's templates."""

    category = None

    @property
    def per_page(self) -> int:
        # Read per request rather than at import, so a changed setting takes effect.
        return settings.OSCAR_PRODUCTS_PER_PAGE

    def get_category_id(self) -> int | None:
        return None

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {}) or {}
        try:
            page = int(request.GET.get("page", 1))
        except ValueError as error:
            raise Http404("invalid page") from error
        self.selected = selectors.selected_facets_parse(
            values=request.GET.getlist("selected_facets")
        )
        query = selectors.product_query_build(
            text=data.get("q") or "",
            language=get_language() or settings.LANGUAGE_CODE,
            selected=self.selected,
            category_id=self.get_category_id(),
            sort=data.get("sort_by") or "",
            page=page,
            per_page=self.per_page,
        )
        self.query = query
        self.hits = services.products_search(query=query)
        # Rendered with Oscar's product list templates, so fetched as Oscar's list views do.
        products = catalogue_selectors.products_in_order(
            product_ids=self.hits.ids, products=catalogue_selectors.products_for_listing()
        )
        paginator = Paginator(_HitsPage(hits=self.hits, products=products), self.per_page)
        try:
            self.page = paginator.page(page)
        except (EmptyPage, PageNotAnInteger) as error:
            if self.hits.total or page != 1:
                raise Http404("invalid page") from error
            self.page = None
        self.paginator = paginator
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facet_data = self.facet_data()
        context.update(
            form=self.form,
            search_form=self.form,
            query=self.query.text,
            paginator=self.paginator,
            page_obj=self.page,
            page=self.page,
            products=self.page.object_list if self.page else [],
            facet_data=facet_data,
            has_facets=any(data["results"] for data in facet_data.values()),
            selected_facets=[
                f"{name}{selectors.FACET_SEPARATOR}{value}"
                for name, values in self.selected.items()
                for value in values
            ],
            search_backend=self.hits.backend,
            corrected_query=self.hits.corrected_text,
            popular_categories=services.categories_offered(query=self.query, hits=self.hits),
        )
        return context

    def facet_data(self) -> dict:
        """Facet counts in the shape Oscar's facet templates expect."""
        category_names = {}
        if FACET_CATEGORY in self.hits.facets:
            ids = [int(f.value) for f in self.hits.facets[FACET_CATEGORY] if f.value.isdigit()]
            # Named from the category list the page's menus read anyway; a query only for
            # categories menus leave out.
            menu_names = {
                category.pk: category.name
                for category in catalogue_selectors.category_menu_of_request(request=self.request)
            }
            category_names = {str(pk): menu_names[pk] for pk in ids if pk in menu_names}
            missing = [pk for pk in ids if pk not in menu_names]
            if missing:
                category_names.update(
                    (str(pk), c.name) for pk, c in selectors.categories_by_id(ids=missing).items()
                )
        data = {}
        for name, counts in self.hits.facets.items():
            label = (
                FACET_LABELS.get(name)
                or name.removeprefix(FACET_ATTRIBUTE_PREFIX).replace("_", " ").capitalize()
            )
            results = []
            for facet in counts:
                display = facet.value
                if name == FACET_CATEGORY:
                    display = category_names.get(facet.value, facet.value)
                elif name == FACET_AVAILABILITY:
                    display = _("In stock") if facet.value == "true" else _("Out of stock")
                selected = facet.value in self.selected.get(name, [])
                results.append(
                    {
                        "name": display,
                        "count": facet.count,
                        "show_count": True,
                        "disabled": False,
                        "selected": selected,
                        "select_url": self._url_with(name=name, value=facet.value, add=True),
                        "deselect_url": self._url_with(name=name, value=facet.value, add=False),
                    }
                )
            data[name] = {"name": label, "results": results}
        return data

    def _url_with(self, *, name: str, value: str, add: bool) -> str:
        params: QueryDict = self.request.GET.copy()
        params.pop("page", None)
        facet = f"{name}{selectors.FACET_SEPARATOR}{value}"
        current = [v for v in params.getlist("selected_facets") if v != facet]
        if add:
            # One value per facet: choosing another replaces the previous choice.
            current = [v for v in current if not v.startswith(f"{name}{selectors.FACET_SEPARATOR}")]
            current.append(facet)
        params.setlist("selected_facets", current)
        return f"{self.request.path}?{params.urlencode()}"
