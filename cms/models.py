"""Wagtail page types. Pages point at Oscar objects and never copy their prices or stock."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import selectors
from cms.serializers import FeaturedProductsField


class HomePage(Page):
    """The site root: a hero, an introduction and a row of featured products priced live."""

    hero_title = models.CharField(max_length=120, blank=True)
    hero_text = models.CharField(max_length=255, blank=True)
    intro = RichTextField(blank=True)
    featured_title = models.CharField(max_length=120, blank=True, default="Featured products")

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
        FieldPanel("featured_title"),
        InlinePanel("featured_products", label="Featured products"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("intro"),
    ]
    api_fields = [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("intro"),
        APIField("featured_title"),
        APIField("featured", serializer=FeaturedProductsField(source="*")),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = selectors.home_featured_products(page=self)
        return context


class HomePageFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = "featured product"
