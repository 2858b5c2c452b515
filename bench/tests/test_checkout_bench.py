"""Runs the checkout benchmark on a handful of orders so the script cannot silently rot.

No timing is asserted: only that both sides place their orders and allocate their stock, that the
report has numbers for both, and that ours stays within the queries-per-order targets (33 for a
2-line order, and no more than Oscar's stock checkout in the same run).
"""

import pytest
from django.db import connection
from oscar.core.loading import get_model

from bench import checkout_bench
from commerce.order import statuses

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
StockMovement = get_model("partner", "StockMovement")


@pytest.mark.django_db
def test_generating_again_replaces_the_previous_bench_products():
    checkout_bench.generate_products(6)
    products = checkout_bench.generate_products(4)

    bench_products = get_model("catalogue", "Product").objects.filter(
        upc__startswith=checkout_bench.UPC_PREFIX
    )
    assert len(products) == bench_products.count() == 4
    records = StockRecord.objects.filter(product__in=bench_products)
    assert records.count() == 4
    assert {r.num_in_stock for r in records} == {checkout_bench.UNITS_IN_STOCK}
    assert all(p.get_product_class().track_stock for p in products)


@pytest.mark.django_db
def test_prepared_baskets_hold_distinct_products():
    products = checkout_bench.generate_products(6)

    prepared = checkout_bench.build_orders(products, lines=2)

    assert len(prepared) == 3
    bought = [line.product_id for item in prepared for line in item.basket.all_lines()]
    assert sorted(bought) == sorted(p.pk for p in products)
    assert all(item.total.incl_tax > 0 for item in prepared)


# Committed data: the clients run in threads, each with its own connection.
@pytest.mark.django_db(transaction=True)
def test_both_sides_place_their_orders_and_the_report_has_numbers_for_both(capsys):
    report = checkout_bench.run(clients=2, orders=2, lines=2, samples=1, rounds=2)

    clients = 1 if connection.vendor == "sqlite" else 2
    assert report["clients"] == clients
    per_side = checkout_bench.WARMUP + 1 + clients * 2
    orders = Order.objects.filter(guest_email=checkout_bench.GUEST_EMAIL)
    assert orders.count() == 2 * per_side
    assert orders.filter(status=statuses.PENDING_PAYMENT).count() >= per_side
    assert all(order.lines.count() == 2 for order in orders)
    # Every bought record has one unit allocated, whichever side allocated it; only ours records
    # a movement.
    records = StockRecord.objects.filter(product__upc__startswith=checkout_bench.UPC_PREFIX)
    assert sorted({r.num_allocated for r in records}) == [1]
    movements = StockMovement.objects.filter(stockrecord__in=records, reason="allocated")
    assert movements.count() == per_side * 2

    for side in checkout_bench.SIDES:
        throughput, queries = report["throughput"][side], report["queries"][side]
        assert throughput["orders"] == clients * 2
        assert throughput["orders_per_s"] > 0
        assert throughput["p95_ms"] >= throughput["p50_ms"] > 0
        assert len(throughput["orders_per_s_by_round"]) == 2
        assert queries["orders"] == 1
        assert queries["per_order"] > 0
        assert queries["by_kind"]["INSERT order_line"] == 2
    assert report["ratio_ours_over_baseline"] > 0
    assert report["query_target"] == checkout_bench.QUERY_TARGET == 33
    ours_q, baseline_q = (report["queries"][side]["per_order"] for side in checkout_bench.SIDES)
    assert ours_q <= checkout_bench.QUERY_TARGET
    assert ours_q <= baseline_q
    assert report["queries_within_baseline"]
    assert report["queries_within_target"]
    assert report["speed_within_target"] is (report["ratio_ours_over_baseline"] >= 1.0)

    checkout_bench.print_table(report, show_queries=True)
    out = capsys.readouterr().out
    assert "orders/s" in out
    assert "target: ours at most 33 queries per 2-line order: PASS" in out
    assert f"target: ours at most Oscar's {baseline_q} queries per order (this run): PASS" in out
    assert "target: ours at least 1.0x Oscar's orders/s: " in out
