"""A review's body is at most REVIEW_BODY_MAX_LENGTH characters: the API answers 400, the
storefront form shows an error, and the database refuses anything longer."""

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from commerce.catalogue.reviews.models import REVIEW_BODY_MAX_LENGTH

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = "x" * 1_000_000


@pytest.fixture
def customer():
    return User.objects.get(email="customer@example.com")


@pytest.fixture
def customer_client(customer):
    client = Client()
    client.force_login(customer, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def product(customer):
    return Product.objects.filter(is_public=True).exclude(reviews__user=customer).first()


def _api_post(client, product, **data):
    review = {"title": "Lovely", "score": 5, "body": "Does what it says.", **data}
    return client.post(
        f"/api/products/{product.pk}/reviews/", review, content_type="application/json"
    )


@pytest.mark.parametrize(
    "data",
    [{"body": ONE_MEGABYTE}, {"body": "x" * (REVIEW_BODY_MAX_LENGTH + 1)}, {"title": "t" * 256}],
    ids=["1MB-body", "body-over-limit", "title-over-255"],
)
def test_the_api_refuses_a_review_over_the_limit(customer_client, product, data):
    response = _api_post(customer_client, product, **data)

    assert response.status_code == 400, response.content[:500]
    assert set(data) <= set(response.json()["errors"])
    assert not ProductReview.objects.filter(product=product).exists()


def test_the_api_takes_a_review_at_the_limit(customer_client, product):
    response = _api_post(customer_client, product, body="x" * REVIEW_BODY_MAX_LENGTH)

    assert response.status_code == 201, response.content[:500]


def test_the_storefront_form_refuses_a_review_over_the_limit(customer_client, product):
    url = reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )
    response = customer_client.post(url, {"title": "Lovely", "score": 5, "body": ONE_MEGABYTE})

    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not ProductReview.objects.filter(product=product).exists()


def test_the_database_refuses_a_body_over_the_limit(customer, product):
    review = ProductReview(
        product=product, user=customer, title="Lovely", score=5, body=ONE_MEGABYTE
    )
    with pytest.raises(IntegrityError):
        review.save()


def test_the_storefront_form_shown_again_with_its_errors_is_not_a_500(customer_client, product):
    url = reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )
    response = customer_client.post(url, {"title": "", "score": "5", "body": "Fine."})

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "Five" in response.content.decode()  # the chosen score, as stars
