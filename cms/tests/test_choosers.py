"""The admin choosers editors pick Oscar products, categories, offers and vouchers with."""

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def test_product_chooser_searches_title_and_upc(client, superuser, priced_products):
    product, other = priced_products[0], priced_products[1]
    client.force_login(superuser)

    by_title = client.get(reverse("product_chooser:choose_results"), {"q": product.title})
    by_upc = client.get(reverse("product_chooser:choose_results"), {"q": product.upc})

    assert by_title.status_code == by_upc.status_code == 200
    assert escape(product.title) in by_title.content.decode()
    assert escape(product.title) in by_upc.content.decode()
    assert escape(other.title) not in by_upc.content.decode()
    chosen = client.get(reverse("product_chooser:chosen", args=[product.pk]))
    assert chosen.json()["result"]["id"] == str(product.pk)


@pytest.mark.parametrize(
    "name", ["product_chooser", "category_chooser", "offer_chooser", "voucher_chooser"]
)
def test_choosers_open_for_editors_only(client, superuser, name):
    url = reverse(f"{name}:choose")
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(superuser)
    assert client.get(url).status_code == 200
