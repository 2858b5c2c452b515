"""What placing an order costs in SQL: a bounded number of queries, none of them run twice.

Oscar's stock checkout places a 2-line order in 33 queries (``bench/checkout_bench.py`` counts
both); ours, with its row locks, stock movements and outbox, must not cost more, and is held to
what it costs now (the same on PostgreSQL and SQLite), so that a query added later is a decision.
"""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sites.models import Site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model

from commerce.checkout.services import checkout_order_place
from commerce.order import statuses
from testkit.fakes.broker import celery_broker

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
StockMovement = get_model("partner", "StockMovement")
StockRecord = get_model("partner", "StockRecord")
TaskMessage = get_model("outbox", "TaskMessage")

QUERY_TARGET = 33  # Oscar's stock checkout, 2 lines (bench/checkout_bench.py)
# What ours costs now; raise it only with a reason, never above QUERY_TARGET.
QUERY_BUDGET = 30

pytestmark = pytest.mark.django_db


def well_stocked_records(count: int) -> list:
    """Records of distinct products that one more unit sold leaves above any low-stock mark."""
    records, products = [], set()
    for record in StockRecord.objects.select_related("product").order_by("pk"):
        threshold = record.low_stock_threshold or 0
        if record.product_id in products or record.net_stock_level <= threshold + 2:
            continue
        if not record.product.is_public or record.product.is_parent:
            continue
        records.append(record)
        products.add(record.product_id)
        if len(records) == count:
            return records
    raise AssertionError("the demo shop has too few products in stock")


def placement_of(records) -> dict:
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    for record in records:
        basket.add_product(record.product, 1)
    method = Free()
    charge = method.calculate(basket)
    request = RequestFactory().post("/checkout/preview/")
    request.user = AnonymousUser()
    return {
        "request": request,
        "basket": basket,
        "shipping_address": ShippingAddress(
            first_name="Amina",
            last_name="Diallo",
            line1="12 rue des Lilas",
            line4="Lyon",
            postcode="69001",
            country=Country.objects.filter(is_shipping_country=True).order_by("pk").first(),
        ),
        "shipping_method": method,
        "shipping_charge": charge,
        "order_total": get_class("checkout.calculators", "OrderTotalCalculator")().calculate(
            basket, charge
        ),
        "guest_email": "queries@example.org",
    }


def test_a_two_line_order_is_placed_in_at_most_33_queries_none_run_twice(
    django_capture_on_commit_callbacks,
):
    placement = placement_of(well_stocked_records(2))
    # What a running shop has already loaded: the basket's lines (priced by the earlier
    # checkout steps) and the current site (cached for the life of the process).
    placement["basket"].all_lines()
    Site.objects.get_current()

    # Tasks published to a broker, as in production (the confirmation email is not sent here).
    with (
        celery_broker(url="memory://localhost/"),
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True),
    ):
        order = checkout_order_place(**placement)

    sql = [query["sql"] for query in captured.captured_queries]
    listing = "\n".join(f"  {number}. {statement}" for number, statement in enumerate(sql, 1))
    # Savepoint names are unique per block; any other statement run twice is redundant. But
    # SQLite has no FOR UPDATE: there Oscar's locking read of the basket's vouchers and its
    # later read of them come out the same (on PostgreSQL they differ).
    allowed = () if connection.features.has_select_for_update else ('SELECT "voucher_voucher"',)
    twice = [
        statement
        for statement, times in Counter(sql).items()
        if times > 1 and not statement.startswith(allowed)
    ]
    assert not twice, f"run more than once: {twice}\nall {len(sql)} queries:\n{listing}"
    assert QUERY_BUDGET <= QUERY_TARGET
    assert len(sql) <= QUERY_BUDGET, (
        f"{len(sql)} queries, over the budget of {QUERY_BUDGET} (and it must stay at most "
        f"{QUERY_TARGET}, Oscar's stock checkout):\n{listing}"
    )
    # What the queries are for is all there: the order, its stock, its email.
    assert order.status == statuses.PENDING_PAYMENT
    assert order.lines.count() == 2
    assert StockMovement.objects.filter(order=order, reason="allocated").count() == 2
    message = TaskMessage.objects.get(
        task="commerce.communication.tasks.order_placed_email_send", kwargs__order_id=order.pk
    )
    assert message.dispatched_at is not None
    # Submitted in the placement's transaction: a second checkout finds it so once it has the lock.
    assert Basket.objects.get(pk=placement["basket"].pk).status == Basket.SUBMITTED
