"""Blocks render and serialise live Oscar data: prices, availability and promotions' state."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from cms.blocks import (
    BodyBlock,
    CallToActionBlock,
    LinkBlock,
    ProductBlock,
    ProductCarouselBlock,
    PromotionBlock,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rf_request(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/en/")
    request.user = AnonymousUser()
    return request


def render(block, raw, request):
    return block.render(block.normalize(raw), context={"request": request})


def test_product_block_renders_title_live_price_availability_and_link(product, rf_request):
    block = ProductBlock()
    record = product.stockrecords.first()

    html = render(block, {"product": product, "text": "Our pick"}, rf_request)

    assert escape(product.get_title()) in html
    assert currency(record.price, record.price_currency) in html
    assert product.get_absolute_url() in html
    assert "instock" in html or "outofstock" in html

    # Nothing is copied into the page: a price change shows at once.
    record.price += 5
    record.save()
    html = render(block, {"product": product}, rf_request)
    assert currency(record.price, record.price_currency) in html


def test_product_block_hides_a_product_that_is_no_longer_public(product, rf_request):
    product.is_public = False
    product.save()
    block = ProductBlock()
    assert render(block, {"product": product}, rf_request).strip() == ""
    assert block.get_api_representation(block.normalize({"product": product})) is None


def test_carousel_keeps_the_editor_order(priced_products, rf_request):
    chosen = priced_products[:3][::-1]
    block = ProductCarouselBlock()
    value = block.normalize({"products": chosen, "limit": 8})
    assert block.live_products(value) == chosen
    html = block.render(value, context={"request": rf_request})
    positions = [html.index(escape(p.get_title())) for p in chosen]
    assert positions == sorted(positions)


def test_carousel_of_a_category_orders_by_live_price(product):
    category = product.categories.first()
    top = category.get_root() if hasattr(category, "get_root") else category
    block = ProductCarouselBlock()
    value = block.normalize({"category": top, "limit": 5, "order": "price"})

    products = block.live_products(value)

    assert 0 < len(products) <= 5

    def price(p):
        records = list(p.stockrecords.all()) or [
            r for child in p.children.all() for r in child.stockrecords.all()
        ]
        return min(r.price for r in records)

    prices = [price(p) for p in products]
    assert prices == sorted(prices)
    in_tree = get_model("catalogue", "ProductCategory").objects.filter(
        category__path__startswith=top.path
    )
    assert {p.pk for p in products} <= set(in_tree.values_list("product_id", flat=True))


def test_carousel_of_ten_products_renders_in_a_fixed_number_of_queries(
    priced_products, rf_request, django_assert_max_num_queries
):
    assert len(priced_products) >= 10
    block = ProductCarouselBlock()
    raw = block.get_prep_value(block.normalize({"products": priced_products[:10], "limit": 10}))

    # One query for the chosen ids, one for the products, one per prefetched relation: the
    # same however many products the carousel shows.
    with django_assert_max_num_queries(6):
        value = block.to_python(raw)
        html = block.render(value, context={"request": rf_request})
    with django_assert_max_num_queries(5):
        api = block.get_api_representation(value, context={"request": rf_request})

    assert all(escape(p.get_title()) in html for p in priced_products[:10])
    assert len(api["products"]) == 10


def test_carousel_needs_products_or_a_category():
    block = ProductCarouselBlock()
    with pytest.raises(ValidationError):
        block.clean(block.normalize({"products": [], "limit": 4}))


def test_promotion_shows_a_running_offer_only(make_offer, rf_request):
    block = PromotionBlock()
    offer = make_offer(name="Spring sale")
    value = block.normalize({"offer": offer})

    assert "Spring sale" in block.render(value, context={"request": rf_request})
    assert block.get_api_representation(value)["offer"]["name"] == "Spring sale"

    offer.suspend()
    value = block.normalize({"offer": offer})
    assert block.render(value, context={"request": rf_request}) == ""
    assert block.get_api_representation(value) is None

    offer.unsuspend()
    offer.end_datetime = timezone.now() - datetime.timedelta(days=1)
    offer.save()
    assert block.render(block.normalize({"offer": offer}), context={}) == ""


def test_promotion_shows_an_active_voucher_only(make_voucher, rf_request):
    block = PromotionBlock()
    active = block.normalize({"voucher": make_voucher(code="HELLO5")})
    expired = block.normalize({"voucher": make_voucher(code="OLD5", days=(-10, -1))})

    assert "HELLO5" in block.render(active, context={"request": rf_request})
    assert block.get_api_representation(active)["voucher"]["code"] == "HELLO5"
    assert block.render(expired, context={"request": rf_request}) == ""
    assert block.get_api_representation(expired) is None


def test_promotion_needs_exactly_one_offer_or_voucher(make_offer, make_voucher):
    block = PromotionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.normalize({}))
    with pytest.raises(ValidationError):
        block.clean(block.normalize({"offer": make_offer(), "voucher": make_voucher()}))


def test_stream_api_leaves_out_promotions_that_are_not_running(make_voucher):
    stream = BodyBlock()
    value = stream.normalize(
        [
            ("rich_text", "<p>Hello</p>"),
            ("promotion", {"voucher": make_voucher(code="GONE", days=(-5, -1))}),
        ]
    )
    assert [item["type"] for item in stream.get_api_representation(value)] == ["rich_text"]


def test_call_to_action_links_a_page_or_a_url(home):
    block = CallToActionBlock()
    to_page = block.normalize({"text": "Look", "button_label": "Go", "page": home})
    to_url = block.normalize({"text": "Look", "button_label": "Go", "url": "https://example.com"})

    assert f'href="{home.url}"' in block.render(to_page)
    assert block.get_api_representation(to_url)["url"] == "https://example.com"
    with pytest.raises(ValidationError):
        block.clean(block.normalize({"text": "Look", "button_label": "Go"}))


def test_a_page_link_looks_its_page_up_once_per_language(home, django_assert_num_queries):
    from django.utils import translation
    from wagtail.models import Locale

    french_home = home.get_translation_or_none(Locale.objects.get(language_code="fr"))
    link = LinkBlock().normalize({"page": home})
    link.href()
    with django_assert_num_queries(0):
        assert link.text() == home.title
        link.href()
    with translation.override("fr"):
        assert link.text() == french_home.title
