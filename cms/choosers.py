"""Admin choosers over Oscar objects, so StreamField blocks and page panels pick real rows.

Each viewset gives a searchable modal in the Wagtail admin and a ``ChooserBlock`` for blocks;
``cms.wagtail_hooks`` registers them. Oscar objects stay edited in Oscar's dashboard: these views
only choose.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


def _search_form(*fields: str) -> type[BaseFilterForm]:
    """A chooser filter form searching the given fields (case-insensitive substring)."""

    class SearchFilterForm(BaseFilterForm):
        q = forms.CharField(
            label=_("Search term"),
            widget=forms.TextInput(attrs={"placeholder": _("Search")}),
            required=False,
        )

        def filter(self, objects):
            objects = super().filter(objects)
            query = self.cleaned_data.get("q")
            if query:
                condition = Q()
                for name in fields:
                    condition |= Q(**{f"{name}__icontains": query})
                objects = objects.filter(condition)
                self.is_searching = True
                self.search_query = query
            return objects

    return SearchFilterForm


class _SearchableChooserViewSet(ChooserViewSet):
    """A chooser whose modal searches ``search_fields`` in the database."""

    search_fields: tuple[str, ...] = ()
    per_page = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form = _search_form(*self.search_fields)
        self.choose_view_class = type(
            "ChooseView", (chooser_views.ChooseView,), {"filter_form_class": form}
        )
        self.choose_results_view_class = type(
            "ChooseResultsView", (chooser_views.ChooseResultsView,), {"filter_form_class": form}
        )


class ProductChooserViewSet(_SearchableChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit product")
    search_fields = ("title", "upc")

    def get_object_list(self):
        # Parents and standalone products: what a shopper can open and buy from.
        return get_model("catalogue", "Product").objects.browsable().order_by("title")


class CategoryChooserViewSet(_SearchableChooserViewSet):
    model = "catalogue.Category"
    icon = "folder-open-inverse"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    edit_item_text = _("Edit category")
    search_fields = ("name",)

    def get_object_list(self):
        return get_model("catalogue", "Category").objects.order_by("path")


class OfferChooserViewSet(_SearchableChooserViewSet):
    model = "offer.ConditionalOffer"
    icon = "pick"
    choose_one_text = _("Choose an offer")
    choose_another_text = _("Choose another offer")
    edit_item_text = _("Edit offer")
    search_fields = ("name",)

    def get_object_list(self):
        return get_model("offer", "ConditionalOffer").objects.order_by("name")


class VoucherChooserViewSet(_SearchableChooserViewSet):
    model = "voucher.Voucher"
    icon = "pick"
    choose_one_text = _("Choose a voucher")
    choose_another_text = _("Choose another voucher")
    edit_item_text = _("Edit voucher")
    search_fields = ("name", "code")

    def get_object_list(self):
        return get_model("voucher", "Voucher").objects.order_by("name")


product_chooser_viewset = ProductChooserViewSet("product_chooser")
category_chooser_viewset = CategoryChooserViewSet("category_chooser")
offer_chooser_viewset = OfferChooserViewSet("offer_chooser")
voucher_chooser_viewset = VoucherChooserViewSet("voucher_chooser")

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.choosers"
)
CategoryChooserBlock = category_chooser_viewset.get_block_class(
    name="CategoryChooserBlock", module_path="cms.choosers"
)
OfferChooserBlock = offer_chooser_viewset.get_block_class(
    name="OfferChooserBlock", module_path="cms.choosers"
)
VoucherChooserBlock = voucher_chooser_viewset.get_block_class(
    name="VoucherChooserBlock", module_path="cms.choosers"
)
