"""Wagtail page types. Pages point at Oscar objects and never copy their prices or stock.

With Wagtail's localisation a translation is a copy of its page in another locale, so "one page
per product" (or category) means one per product and locale: ``ProductPage`` and
``CategoryLandingPage`` keep a copy of the page's locale in their own table
(``product_locale``/``category_locale``) so that the database can hold that rule as a unique
constraint.

Pages read Oscar's products from the catalogue (``commerce.catalogue.selectors``); the page
reads of ``cms.selectors`` sit above this module, which never imports them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock, GalleryBlock, LinksBlock
from cms.serializers import CategorySummaryField, FeaturedProductsField, StoryProductField
from commerce.catalogue.selectors import (
    product_cards,
    products_for_cards,
    products_in_order,
    purchase_info_prefetch,
)

# Page types that live directly under the home page.
_SECTION_PAGE_TYPES = [
    "cms.ContentPage",
    "cms.ArticleIndexPage",
    "cms.CategoryLandingPage",
    "cms.ProductPage",
]


class HomePage(Page):
    """The site root: a hero, an introduction, featured products priced live, then blocks."""

    hero_title = models.CharField(max_length=120, blank=True)
    hero_text = models.CharField(max_length=255, blank=True)
    intro = RichTextField(blank=True)
    featured_title = models.CharField(max_length=120, blank=True, default="Featured products")
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = _SECTION_PAGE_TYPES

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
        FieldPanel("featured_title"),
        InlinePanel("featured_products", label=_("Featured products")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("intro"),
        APIField("featured_title"),
        APIField("featured", serializer=FeaturedProductsField(source="*")),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    def featured_products_shown(self) -> list:
        """The featured products in editor order, browsable ones only, ready for product cards."""
        # The editor's order comes with the products, in the query that reads them.
        position = HomePageFeaturedProduct.objects.filter(
            page=self, product=OuterRef("pk")
        ).order_by("sort_order")
        featured = list(
            products_for_cards()
            .annotate(featured_position=Subquery(position.values("sort_order")[:1]))
            .filter(featured_position__isnull=False)
            .order_by("featured_position", "pk")
        )
        purchase_info_prefetch(products=featured)
        return featured

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = self.featured_products_shown()
        return context


class HomePageFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured product")


class ContentPage(Page):
    """A plain page built from blocks: about, delivery, terms..."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    api_fields = [APIField("body")]

    class Meta:
        verbose_name = _("content page")


class ArticleIndexPage(Page):
    """The journal: lists its live articles, newest first."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("article index page")

    def articles(self):
        return (
            ArticlePage.objects.live()
            .public()
            .child_of(self)
            .select_related("image")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.articles()
        return context


class ArticlePage(Page):
    """A shoppable editorial: text and pictures around live products and promotions."""

    date = models.DateField(_("date"), default=datetime.date.today)
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["cms.ArticleIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("image"),
        APIField(
            "image_thumbnail",
            serializer=ImageRenditionField("fill-600x400", source="image"),
        ),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("article page")


class _OnePerLocaleMixin:
    """Keeps the page's locale in a local column (``locale_copy_field``) for the unique constraint
    on (object, locale), and turns a clash into a form error on ``object_field``."""

    object_field = ""
    locale_copy_field = ""
    clash_message = ""

    def clean(self):
        super().clean()
        object_id = getattr(self, f"{self.object_field}_id")
        if object_id is None or self.locale_id is None:
            return
        clash = (
            type(self)
            .objects.filter(**{f"{self.object_field}_id": object_id, "locale_id": self.locale_id})
            .exclude(pk=self.pk)
        )
        if clash.exists():
            raise ValidationError({self.object_field: self.clash_message})

    def full_clean(self, *args, **kwargs):
        setattr(self, f"{self.locale_copy_field}_id", self.locale_id)
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        setattr(self, f"{self.locale_copy_field}_id", self.locale_id)
        return super().save(*args, **kwargs)


class CategoryLandingPage(_OnePerLocaleMixin, Page):
    """Editorial content for an Oscar category, also shown on the category's catalogue page."""

    category = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("category"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="landing_pages",
    )
    category_locale = models.ForeignKey(
        "wagtailcore.Locale", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    object_field = "category"
    locale_copy_field = "category_locale"
    clash_message = _("This category already has a landing page in this language.")

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("category"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    api_fields = [APIField("category", serializer=CategorySummaryField()), APIField("body")]

    class Meta:
        verbose_name = _("category landing page")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "category_locale"], name="cms_one_landing_page_per_category"
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["landing_page"] = self
        return context


class ProductPage(_OnePerLocaleMixin, Page):
    """The story of one Oscar product, also shown on the product's catalogue page.

    Its SEO title and description are Wagtail's own ``seo_title`` and ``search_description``.
    """

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="story_pages",
    )
    product_locale = models.ForeignKey(
        "wagtailcore.Locale", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gallery = StreamField(GalleryBlock(), blank=True, verbose_name=_("gallery"))
    story = StreamField(BodyBlock(), blank=True, verbose_name=_("story"))

    object_field = "product"
    locale_copy_field = "product_locale"
    clash_message = _("This product already has a story page in this language.")

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("product"),
        FieldPanel("image"),
        FieldPanel("gallery"),
        FieldPanel("story"),
    ]
    search_fields = Page.search_fields + [index.SearchField("story")]
    api_fields = [
        APIField("product", serializer=StoryProductField()),
        APIField("image"),
        APIField("gallery"),
        APIField("story"),
    ]

    class Meta:
        verbose_name = _("product page")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "product_locale"], name="cms_one_story_page_per_product"
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["story_page"] = self
        cards = product_cards(
            products=products_in_order(product_ids=[self.product_id] if self.product_id else []),
            request=request,
        )
        context["card"] = cards[0] if cards else None
        return context


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """The storefront footer: a short text and a list of links (pages or URLs).

    A page link shows the page's translation in the shopper's language and, without a label, its
    translated title; ``text`` has one column per language (``cms/translation.py``).
    """

    text = RichTextField(_("text"), blank=True, features=["bold", "italic", "link"])
    links = StreamField(LinksBlock(), blank=True, verbose_name=_("links"))

    panels = [FieldPanel("text_en"), FieldPanel("text_fr"), FieldPanel("links")]

    class Meta:
        verbose_name = _("footer")
