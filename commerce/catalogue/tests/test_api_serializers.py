"""The one API shape of a product card, shared by the catalogue, search and page APIs."""

from decimal import Decimal

import pytest
from oscar.test.factories import create_product

from commerce.catalogue.api.serializers import (
    ProductSummarySerializer,
    card_summary,
    product_api_url,
    product_summaries,
)
from commerce.catalogue.selectors import product_card, storefront_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return create_product(title="Summary kettle", price=Decimal("12.50"), num_in_stock=4)


def test_a_summary_without_a_request_has_paths(product):
    card = product_card(product=product, strategy=storefront_strategy(request=None))

    summary = card_summary(card=card)

    assert summary == {
        "id": product.pk,
        "title": "Summary kettle",
        "price": "12.50",
        "currency": card.currency,
        "is_available": True,
        "availability": card.availability,
        "url": product.get_absolute_url(),
        "api_url": f"/api/products/{product.pk}/",
    }
    assert set(summary) == set(ProductSummarySerializer().fields)


def test_summaries_for_a_request_have_absolute_urls(product, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/api/catalogue/products/")
    request.user = AnonymousUser()

    (summary,) = product_summaries(products=[product], request=request)

    assert summary["url"] == f"http://testserver{product.get_absolute_url()}"
    assert summary["api_url"] == product_api_url(product_id=product.pk, request=request)
    assert summary["api_url"] == f"http://testserver/api/products/{product.pk}/"
