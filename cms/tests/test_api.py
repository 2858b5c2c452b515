"""/api/cms/ exposes published pages with their blocks, product data priced live and localised."""

import pytest
from django.utils import timezone
from oscar.core.loading import get_class

from cms.models import ArticleIndexPage, ArticlePage, CategoryLandingPage, ProductPage

pytestmark = pytest.mark.django_db

Selector = get_class("partner.strategy", "Selector")


@pytest.fixture
def article(make_page, priced_products, make_voucher):
    journal = make_page(ArticleIndexPage, title="Journal", slug="journal-test")
    return make_page(
        ArticlePage,
        parent=journal,
        title="Gift guide",
        slug="gift-guide",
        date=timezone.localdate(),
        body=[
            ("product", {"product": priced_products[0], "text": "Our pick"}),
            ("product_carousel", {"products": priced_products[1:4], "limit": 8}),
            ("promotion", {"voucher": make_voucher(code="LIVE10")}),
            ("promotion", {"voucher": make_voucher(code="OVER10", days=(-9, -1))}),
        ],
    )


def body_of(client, page, **headers):
    response = client.get(f"/api/cms/pages/{page.pk}/", **headers)
    assert response.status_code == 200
    return response.json()


def test_article_blocks_carry_live_product_data(client, article, priced_products):
    body = body_of(client, article)["body"]
    assert [block["type"] for block in body] == ["product", "product_carousel", "promotion"]

    product = priced_products[0]
    info = Selector().strategy().fetch_for_product(product)
    summary = body[0]["value"]["product"]
    assert summary["id"] == product.pk
    assert summary["title"] == product.get_title()
    assert summary["price"] == str(info.price.incl_tax)
    assert summary["currency"] == info.price.currency
    assert summary["is_available"] == info.availability.is_available_to_buy
    assert summary["url"] == f"http://testserver{product.get_absolute_url()}"
    assert summary["api_url"] == f"http://testserver/api/products/{product.pk}/"
    assert client.get(summary["api_url"]).status_code == 200

    carousel = body[1]["value"]["products"]
    assert [item["id"] for item in carousel] == [p.pk for p in priced_products[1:4]]
    assert body[2]["value"]["voucher"]["code"] == "LIVE10"


def test_api_speaks_the_request_language(client, article, priced_products):
    product = priced_products[0]
    product.title_fr = "Notre sélection française"
    product.save()

    french = body_of(client, article, HTTP_ACCEPT_LANGUAGE="fr")["body"][0]["value"]["product"]
    english = body_of(client, article, HTTP_ACCEPT_LANGUAGE="en")["body"][0]["value"]["product"]

    assert french["title"] == "Notre sélection française"
    assert english["title"] == product.title_en


def test_unpublished_pages_are_not_exposed(client, make_page):
    draft = make_page(ArticleIndexPage, title="Secret journal", slug="secret", publish=False)
    listing = client.get("/api/cms/pages/", {"type": "cms.ArticleIndexPage"}).json()
    assert draft.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/cms/pages/{draft.pk}/").status_code == 404


def test_product_and_category_pages_expose_their_oscar_object(client, make_page, product):
    story = make_page(
        ProductPage,
        title="The story",
        product=product,
        story=[("rich_text", "<p>Made to last.</p>")],
        seo_title="Story SEO",
        search_description="Story description",
    )
    category = product.categories.first()
    landing = make_page(CategoryLandingPage, title="Landing", category=category)

    story_json = body_of(client, story)
    assert story_json["product"]["id"] == product.pk
    assert story_json["product"]["api_url"].endswith(f"/api/products/{product.pk}/")
    assert story_json["story"][0]["type"] == "rich_text"
    assert story_json["meta"]["seo_title"] == "Story SEO"
    assert story_json["meta"]["search_description"] == "Story description"

    landing_json = body_of(client, landing)
    assert landing_json["category"]["id"] == category.pk
    assert landing_json["category"]["name"] == category.name
