"""StreamField blocks shared by page types; each has an icon and a template in templates/blocks/.

Blocks that show Oscar objects store only their ids: price, currency and availability are read
live through Oscar's pricing strategy when the block is rendered or serialised (the catalogue's
``product_cards``, shaped for the API by ``commerce.catalogue.api.serializers``).
A block whose object is gone, hidden or (for promotions) not running renders nothing and is
left out of the API.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from cms.choosers import (
    CategoryChooserBlock,
    OfferChooserBlock,
    ProductChooserBlock,
    VoucherChooserBlock,
)
from commerce.catalogue.api.serializers import card_summary, product_summaries
from commerce.catalogue.selectors import (
    category_products,
    product_card,
    product_cards,
    products_in_order,
    storefront_strategy,
)


def _request(context):
    return (context or {}).get("request")


def _is_shown(product) -> bool:
    # What Oscar's ``browsable()`` lets a shopper open: public parents and standalone products.
    return product is not None and product.is_public and product.parent_id is None


class LinkValue(blocks.StructValue):
    """A page or URL link; a page link goes to the page's translation in the active language."""

    def linked_page(self):
        # Remembered per language: a template asks for both href() and text(), and each lookup
        # of the translation costs queries.
        language = translation.get_language()
        remembered = self.__dict__.setdefault("_linked_pages", {})
        if language not in remembered:
            page = self.get("page")
            remembered[language] = page.specific.localized if page else None
        return remembered[language]

    def href(self) -> str:
        page = self.linked_page()
        if page is not None:
            return page.url or ""
        return self.get("url") or ""

    def text(self) -> str:
        label = self.get("label") or self.get("button_label")
        if label:
            return label
        page = self.linked_page()
        return page.title if page is not None else self.get("url") or ""


class _LinkingBlock(blocks.StructBlock):
    """A block that links exactly one of its ``page`` (its translation, see ``LinkValue``) or its
    ``url``; subclasses declare both, after their own fields."""

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter a URL (one of the two).")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value

    @staticmethod
    def absolute_href(value, context) -> str:
        request = _request(context)
        href = value.href()
        return request.build_absolute_uri(href) if request and href.startswith("/") else href


class LinkBlock(_LinkingBlock):
    label = blocks.CharBlock(
        label=_("Label"), required=False, help_text=_("Defaults to the page title.")
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("URL"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "blocks/link.html"
        value_class = LinkValue

    def get_api_representation(self, value, context=None):
        return {
            "label": value.text(),
            "url": self.absolute_href(value, context),
            "page": value["page"].pk if value.get("page") else None,
        }


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Background image"), required=False)

    class Meta:
        icon = "title"
        label = _("Hero")
        template = "blocks/hero.html"

    def get_api_representation(self, value, context=None):
        return {
            "title": value.get("title"),
            "text": value.get("text"),
            "image": _image_summary(value.get("image")),
        }


def _image_summary(image) -> dict | None:
    if image is None:
        return None
    return {
        "id": image.pk,
        "title": image.title,
        "url": image.file.url,
        "width": image.width,
        "height": image.height,
    }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"

    def get_api_representation(self, value, context=None):
        image = _image_summary(value.get("image"))
        return None if image is None else {**image, "caption": value.get("caption")}


class ProductBlock(blocks.StructBlock):
    product = ProductChooserBlock(label=_("Product"))
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        icon = "tag"
        label = _("Product")
        template = "blocks/product.html"

    def _card(self, value, context):
        product = value.get("product")
        if not _is_shown(product):
            return None
        strategy = storefront_strategy(request=_request(context))
        return product_card(product=product, strategy=strategy)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["card"] = self._card(value, parent_context)
        return context

    def get_api_representation(self, value, context=None):
        card = self._card(value, context)
        if card is None:
            return None
        return {
            "product": card_summary(card=card, request=_request(context)),
            "text": value.get("text"),
        }


class ProductCarouselBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    products = blocks.ListBlock(
        ProductChooserBlock(),
        label=_("Products"),
        required=False,
        default=[],
        help_text=_("Chosen products, in this order. Leave empty to show a category."),
    )
    category = CategoryChooserBlock(
        label=_("Category"),
        required=False,
        help_text=_("Used when no product is chosen: its products and its subcategories'."),
    )
    limit = blocks.IntegerBlock(label=_("Number of products"), default=8, min_value=1, max_value=24)
    order = blocks.ChoiceBlock(
        label=_("Sort order"),
        choices=[
            ("newest", _("Newest first")),
            ("price", _("Price, low to high")),
            ("-price", _("Price, high to low")),
            ("title", _("Title")),
        ],
        default="newest",
        help_text=_("Order of a category's products."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Product carousel")
        template = "blocks/product_carousel.html"

    def clean(self, value):
        value = super().clean(value)
        if not [p for p in value.get("products") or () if p] and not value.get("category"):
            message = _("Choose products or a category.")
            raise StructBlockValidationError(block_errors={"products": ValidationError(message)})
        return value

    def live_products(self, value) -> list:
        """The chosen products in editor order, else the category's (subcategories included) in
        the chosen order; at most ``limit``, one query plus prefetches."""
        limit = value.get("limit") or 8
        chosen_ids = [product.pk for product in value.get("products") or () if product]
        if chosen_ids:
            return products_in_order(product_ids=chosen_ids)[:limit]
        category = value.get("category")
        if category is None:
            return []
        return category_products(
            category=category, order=value.get("order") or "newest", limit=limit
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["cards"] = product_cards(
            products=self.live_products(value), request=_request(parent_context)
        )
        return context

    def get_api_representation(self, value, context=None):
        return self.api_representation(
            value, products=self.live_products(value), request=_request(context)
        )

    def api_representation(self, value, *, products, request) -> dict:
        """The carousel as the API shows it, for ``products`` already chosen and read."""
        category = value.get("category")
        return {
            "title": value.get("title"),
            "category": None
            if category is None
            else {"id": category.pk, "name": category.name, "url": category.get_absolute_url()},
            "order": value.get("order"),
            "products": product_summaries(products=products, request=request),
        }


class PromotionBlock(blocks.StructBlock):
    """An Oscar offer or voucher, shown only while Oscar says it is running."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Defaults to the offer or voucher name.")
    )
    text = blocks.RichTextBlock(
        label=_("Text"), required=False, features=["bold", "italic", "link"]
    )
    offer = OfferChooserBlock(label=_("Offer"), required=False)
    voucher = VoucherChooserBlock(label=_("Voucher"), required=False)

    class Meta:
        icon = "pick"
        label = _("Promotion")
        template = "blocks/promotion.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("offer")) == bool(value.get("voucher")):
            message = _("Choose an offer or a voucher (one of the two).")
            raise StructBlockValidationError(
                block_errors={
                    "offer": ValidationError(message),
                    "voucher": ValidationError(message),
                }
            )
        return value

    @staticmethod
    def is_running(value) -> bool:
        offer, voucher = value.get("offer"), value.get("voucher")
        if offer is not None:
            return offer.is_available()
        if voucher is not None:
            return voucher.is_active()
        return False

    def render(self, value, context=None):
        if not self.is_running(value):
            return ""
        return super().render(value, context)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        source = value.get("offer") or value.get("voucher")
        context["heading"] = value.get("heading") or getattr(source, "name", "")
        context["ends"] = getattr(source, "end_datetime", None)
        return context

    def get_api_representation(self, value, context=None):
        if not self.is_running(value):
            return None
        offer, voucher = value.get("offer"), value.get("voucher")
        source = offer or voucher
        return {
            "heading": value.get("heading") or source.name,
            "text": value.get("text").source if value.get("text") else "",
            "offer": None
            if offer is None
            else {"id": offer.pk, "name": offer.name, "description": offer.description},
            "voucher": None if voucher is None else {"name": voucher.name, "code": voucher.code},
            "ends": source.end_datetime.isoformat() if source.end_datetime else None,
        }


class CallToActionBlock(_LinkingBlock):
    text = blocks.TextBlock(label=_("Text"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("URL"), required=False)

    class Meta:
        icon = "link-external"
        label = _("Call to action")
        template = "blocks/call_to_action.html"
        value_class = LinkValue

    def get_api_representation(self, value, context=None):
        return {
            "text": value.get("text"),
            "button_label": value.get("button_label"),
            "url": self.absolute_href(value, context),
        }


class LiveStreamBlock(blocks.StreamBlock):
    """A StreamBlock whose API listing leaves out blocks that have nothing to show (a promotion
    that is not running, a product that was removed)."""

    def get_api_representation(self, value, context=None):
        return [
            item
            for item in super().get_api_representation(value, context=context)
            if item["value"] is not None
        ]


class BodyBlock(LiveStreamBlock):
    """The blocks editors build pages from."""

    hero = HeroBlock()
    rich_text = blocks.RichTextBlock(
        label=_("Text"), icon="pilcrow", template="blocks/rich_text.html"
    )
    image = ImageBlock()
    product = ProductBlock()
    product_carousel = ProductCarouselBlock()
    promotion = PromotionBlock()
    call_to_action = CallToActionBlock()


class GalleryBlock(LiveStreamBlock):
    image = ImageBlock()


class LinksBlock(blocks.StreamBlock):
    link = LinkBlock()
