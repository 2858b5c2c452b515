"""Wagtail API v2, mounted once at /api/cms/.

Its pages endpoint reads a page with a number of queries that does not grow with its blocks or
their products, and a listing without a query per page for what every page shows
(``PagesAPIViewSet``, ``PageStreamField``). These live here rather than in ``cms.serializers``:
Wagtail's API serializers cannot be imported while the models load, and ``cms.models`` imports
``cms.serializers``.
"""

from wagtail import fields as wagtail_fields
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.blocks import LiveStreamBlock, ProductBlock, ProductCarouselBlock
from commerce.catalogue.api.serializers import products_priceable
from commerce.catalogue.selectors import products_in_order


def _chosen_ids(value) -> list[int]:
    return [product.pk for product in value.get("products") or () if product]


def _carousel(block, value, *, chosen: dict, request) -> dict:
    """``ProductCarouselBlock.get_api_representation``, its chosen products taken from
    ``chosen`` (read once for the stream) rather than fetched again."""
    chosen_ids = _chosen_ids(value)
    if chosen_ids:
        limit = value.get("limit") or 8
        products = [chosen[pk] for pk in chosen_ids if pk in chosen][:limit]
    else:
        products = block.live_products(value)
    return block.api_representation(value, products=products, request=request)


class PageStreamField(wagtail_serializers.StreamField):
    """A StreamField as Wagtail's API shows it, its products read once for the whole stream.

    Left to the blocks, each product block prices its product with queries of its own and each
    carousel fetches and prices its chosen products again. Here the products of every product
    block and carousel in the stream are read and priced together, once; the blocks other than
    carousels then answer themselves. A carousel showing a category still reads that category's
    products (``ProductCarouselBlock.live_products``).
    """

    def to_representation(self, value):
        if value is None:
            return []
        request = self.context.get("request")
        children = list(value)
        product_blocks = [
            child.value
            for child in children
            if isinstance(child.block, ProductBlock) and child.value.get("product") is not None
        ]
        ids = [block_value["product"].pk for block_value in product_blocks]
        ids += [
            pk
            for child in children
            if isinstance(child.block, ProductCarouselBlock)
            for pk in _chosen_ids(child.value)
        ]
        read = products_in_order(product_ids=list(dict.fromkeys(ids)))
        chosen = {product.pk: product for product in products_priceable(read)}
        for block_value in product_blocks:
            # The same product, read with the others (a hidden one is not among them: the block
            # leaves it out without reading more).
            block_value["product"] = chosen.get(block_value["product"].pk, block_value["product"])
        # Wagtail's StreamBlock.get_api_representation, a carousel answered by _carousel.
        items = [
            {
                "type": child.block.name,
                "value": _carousel(child.block, child.value, chosen=chosen, request=request)
                if isinstance(child.block, ProductCarouselBlock)
                else child.block.get_api_representation(child.value, context=self.context),
                "id": child.id,
            }
            for child in children
        ]
        if isinstance(value.stream_block, LiveStreamBlock):
            # As LiveStreamBlock: a block with nothing to show is left out.
            items = [item for item in items if item["value"] is not None]
        return items


class PageSerializer(wagtail_serializers.PageSerializer):
    """Wagtail's page serializer, its StreamFields read by ``PageStreamField``."""

    serializer_field_mapping = {
        **wagtail_serializers.PageSerializer.serializer_field_mapping,
        wagtail_fields.StreamField: PageStreamField,
    }


class PagesAPIViewSet(WagtailPagesAPIViewSet):
    """Wagtail's pages endpoint: its view restrictions read once per request, the pages' locales
    with the pages, their StreamFields by ``PageStreamField``."""

    base_serializer_class = PageSerializer

    def get_base_queryset(self):
        # Wagtail builds it twice per request (the pages, then the serializer's context), each
        # time reading the view restrictions: once is enough for one request.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset.all()

    def get_queryset(self):
        # Every page shows its locale (``meta.locale``): read with the pages, not once per page.
        return super().get_queryset().select_related("locale")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
