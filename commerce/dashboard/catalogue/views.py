"""Oscar's catalogue dashboard lists, searching product titles and category names in every
language: django-modeltranslation turns Oscar's ``title__icontains`` into a search of the active
language's column only, so a merchandiser would miss products not yet translated into it."""

from oscar.apps.dashboard.catalogue import views
from oscar.core.loading import get_model

from commerce.catalogue.selectors import matches_in_any_language

Category = get_model("catalogue", "Category")


class ProductListView(views.ProductListView):
    def apply_search(self, queryset):
        searched = self.request.GET
        title = searched.get("title", "").strip()
        if not title:
            return super().apply_search(queryset)
        # Oscar applies the rest of the form (UPC, its permission rules) without the title...
        without_title = searched.copy()
        without_title.pop("title")
        self.request.GET = without_title
        try:
            queryset = super().apply_search(queryset)
        finally:
            self.request.GET = searched
            # ...and the form the page shows is still the one that was submitted.
            self.form = self.form_class(searched)
            self.form.is_valid()
        return queryset.filter(
            matches_in_any_language(field="title", lookup="icontains", value=title)
            | matches_in_any_language(
                field="title", lookup="icontains", value=title, prefix="children__"
            )
        ).distinct()


class CategoryListView(views.CategoryListView):
    def get_queryset(self):
        queryset = super().get_queryset()
        name = self.form.cleaned_data.get("name") if self.form.is_valid() else ""
        if not name:
            return queryset
        return Category.objects.filter(
            matches_in_any_language(field="name", lookup="icontains", value=name)
        ).distinct()
