"""The Wagtail home page shows featured demo products priced live by Oscar."""

import pytest
from django.utils.html import escape
from oscar.core.loading import get_class
from oscar.templatetags.currency_filters import currency
from wagtail.models import Site

from cms.models import HomePage

pytestmark = pytest.mark.django_db

Selector = get_class("partner.strategy", "Selector")


def featured(page):
    return [link.product for link in page.featured_products.select_related("product")]


def test_root_redirects_to_the_language_home(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_home_page_shows_featured_products_with_live_prices(client):
    home = HomePage.objects.get(locale__language_code="en")
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    record = next(p.stockrecords.first() for p in featured(home) if p.stockrecords.exists())
    product = record.product

    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(product.get_title()) in html
    assert currency(record.price, record.price_currency) in html

    # A price change in Oscar shows on the page at once: nothing is copied into the page.
    record.price = record.price + 7
    record.save()
    assert currency(record.price, record.price_currency) in client.get("/en/").content.decode()


def test_cms_api_exposes_the_home_page_with_live_product_data(client):
    home = HomePage.objects.get(locale__language_code="en")
    listing = client.get("/api/cms/pages/", {"type": "cms.HomePage", "locale": "en"})
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()["items"]] == [home.pk]

    detail = client.get(f"/api/cms/pages/{home.pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert [item["id"] for item in body["featured"]] == [p.pk for p in featured(home)]
    product = next(p for p in featured(home) if not p.is_parent)
    first = next(item for item in body["featured"] if item["id"] == product.pk)
    info = Selector().strategy().fetch_for_product(product)
    assert first["price"] == str(info.price.incl_tax)
    assert first["currency"] == info.price.currency
    assert first["is_available"] is True


@pytest.mark.parametrize("endpoint", ["/api/cms/images/", "/api/cms/documents/"])
def test_cms_api_media_endpoints_answer(client, endpoint):
    response = client.get(endpoint)
    assert response.status_code == 200
    assert "items" in response.json()
