"""Checkout benchmark: orders placed per second and SQL queries per order, ours against Oscar's.

    .venv/bin/python bench/checkout_bench.py [--clients 8] [--orders 50] [--lines 2] [--samples 5]

Runs against ``DATABASE_URL`` (a PostgreSQL database that does not exist yet is created, then
migrated); without it, against a throwaway SQLite file in /tmp (migrated first, deleted
afterwards), never the project's db.sqlite3. See bench/README.md for how to read the numbers.

Both sides place the same kind of guest order in the same run, on the same database, from alike
generated products (each side its own, generated together): ``--lines`` distinct products per
order, one unit each, and no two orders buy the same product, so no order ever waits for another's
row lock.

- **ours**: ``commerce.checkout.services.checkout_order_place``, what the storefront's preview
  step and the API call: Oscar's ``OrderPlacementMixin.place_order`` (shipping address saved, our
  ``commerce.order.utils.OrderCreator``) in ``Pending payment``, every line allocated at once with
  row locks by ``commerce.partner.services.stock_allocate`` (one ``StockMovement`` per line), the
  confirmation email written to the task outbox, then ``basket.submit()``, in one transaction; the
  outbox row is sent to the broker once that commits. It is called with a bare ``RequestFactory``
  request whose user is anonymous: placement reads only the user (and the site, which comes from
  ``SITE_ID``) from it.
- **baseline, Oscar's stock checkout**: ``oscar.apps.order.utils.OrderCreator``, Oscar's own class
  imported directly from ``oscar.apps.order.utils`` (not through ``get_class``, which would give
  our fork), whose ``update_stock_records`` allocates line by line with Oscar's own atomic update:
  ``oscar.apps.partner.abstract_models.AbstractStockRecord.allocate(record, quantity)`` is called
  explicitly, because our ``StockRecord.allocate`` delegates to our locking service. Around it,
  the steps of Oscar's stock ``OrderPlacementMixin.handle_order_placement``: order number, shipping
  address saved, the order in Oscar's initial status, ``basket.submit()``; in one transaction, as
  ours, so that both sides commit once per order.

Baskets (Oscar's ``Basket.add_product``, the offers applied, the shipping charge and the total)
are built before the clock starts, as the checkout's earlier steps would have. While orders are
placed, Celery tasks sent on commit (the confirmation email, the search index flush) are
published to an in-memory broker, as they would be to Redis in production, and never run: what a
worker does later is not placement (writing and dispatching the outbox row is, and is counted).

1. **Queries per order**: ``django.test.utils.CaptureQueriesContext`` on the main thread's
   connection around one placement (its on-commit callbacks included), averaged over ``--samples``
   orders per side, after two untimed warm-up orders per side. Targets for ours: no more than
   Oscar's count in the same run, and at most 33 for a 2-line order (Oscar's count for one); the
   script prints PASS or FAIL for each and exits with status 1 when one fails.
2. **Orders per second**: ``--clients`` threads, each with its own database connection (closed
   when the thread ends), start together and place their orders one after the other. Each
   client's ``--orders`` orders are split into ``--rounds`` rounds; each round times one side and
   then the other, alternating which goes first (ours, baseline, baseline, ours...), so that a
   machine getting busier or quieter during the run weighs on both alike. orders/s = a side's
   orders / the sum of its rounds' wall-clock times (start to last order placed). On SQLite there
   is one client: SQLite serialises writers. Target: ours at least 1.0x Oscar's orders/s, printed
   as PASS or FAIL (not in the exit status: timings on a shared machine are noisy).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "checkout.json"
UPC_PREFIX = "CHECKOUT-BENCH-"
PRODUCT_CLASS_SLUG = "checkout-bench-item"
PARTNER_CODE = "checkout-bench"
GUEST_EMAIL = "checkout-bench@example.org"
UNITS_IN_STOCK = 1000  # each record is allocated one unit, once: never short
WARMUP = 2  # untimed orders per side before anything is measured
# Ours must cost no more SQL queries per order than Oscar's stock checkout measured in the same
# run, and at most QUERY_TARGET for an order of QUERY_TARGET_LINES lines (Oscar's count for it).
QUERY_TARGET = 33
QUERY_TARGET_LINES = 2
SPEED_TARGET = 1.0  # ours at least this many times Oscar's orders per second
SIDES = ("ours", "baseline")
MEMORY_BROKER = "memory://localhost/"  # kombu's in-process transport


@dataclass
class PreparedOrder:
    """A basket as checkout has it when the shopper places the order."""

    basket: object
    shipping_method: object
    shipping_charge: object
    total: object


def _model(app, name):
    from oscar.core.loading import get_model

    return get_model(app, name)


# --- Data ---------------------------------------------------------------------------------------


def clear_bench_data() -> None:
    """Remove what an earlier run generated: its orders (and their addresses), its baskets and
    its products (their stock records and movements go with them)."""
    orders = _model("order", "Order").objects.filter(guest_email=GUEST_EMAIL)
    address_ids = [pk for pk in orders.values_list("shipping_address_id", flat=True) if pk]
    orders.delete()
    _model("order", "ShippingAddress").objects.filter(pk__in=address_ids).delete()
    basket = _model("basket", "Basket")
    basket_ids = (
        basket.objects.filter(lines__product__upc__startswith=UPC_PREFIX)
        .values_list("pk", flat=True)
        .distinct()
    )
    basket.objects.filter(pk__in=list(basket_ids)).delete()
    _model("catalogue", "Product").objects.filter(upc__startswith=UPC_PREFIX).delete()


def generate_products(count: int) -> list:
    """``count`` standalone products in a stock-tracking class, one well-stocked record each.

    bulk_create sends no post_save, so the search app's receivers record nothing."""
    from django.conf import settings
    from django.db import connection, transaction

    product, stockrecord = _model("catalogue", "Product"), _model("partner", "StockRecord")
    with transaction.atomic():
        clear_bench_data()
        product_class, _ = _model("catalogue", "ProductClass").objects.get_or_create(
            slug=PRODUCT_CLASS_SLUG,
            defaults={"name": "Checkout bench item", "track_stock": True},
        )
        partner, _ = _model("partner", "Partner").objects.get_or_create(
            code=PARTNER_CODE, defaults={"name": "Checkout bench partner"}
        )
        products = product.objects.bulk_create(
            product(
                upc=f"{UPC_PREFIX}{i:06d}",
                title=f"Checkout bench item {i}",
                slug=f"checkout-bench-item-{i}",
                product_class=product_class,
            )
            for i in tqdm(range(count), desc="products", file=sys.stderr)
        )
        if products and products[0].pk is None:  # backends that return no ids from bulk inserts
            products = list(product.objects.filter(upc__startswith=UPC_PREFIX).order_by("upc"))
        stockrecord.objects.bulk_create(
            stockrecord(
                product=item,
                partner=partner,
                partner_sku=item.upc,
                price_currency=settings.OSCAR_DEFAULT_CURRENCY,
                price=Decimal(10 + i % 90),
                num_in_stock=UNITS_IN_STOCK,
            )
            for i, item in enumerate(products)
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics, as autovacuum would have them
            cursor.execute(f"ANALYZE {product._meta.db_table}, {stockrecord._meta.db_table}")
    return products


def _shipping_country():
    country, _ = _model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="FR",
        defaults={
            "iso_3166_1_a3": "FRA",
            "iso_3166_1_numeric": "250",
            "name": "France",
            "printable_name": "France",
            "is_shipping_country": True,
        },
    )
    return country


def build_orders(products: list, *, lines: int) -> list[PreparedOrder]:
    """One basket per ``lines`` consecutive products, priced by the partner strategy, with offers
    applied, free shipping and the order total: what checkout holds at the preview step."""
    from oscar.apps.shipping.methods import Free
    from oscar.core.loading import get_class

    basket_model = _model("basket", "Basket")
    selector = get_class("partner.strategy", "Selector")()
    applicator = get_class("offer.applicator", "Applicator")()
    calculator = get_class("checkout.calculators", "OrderTotalCalculator")()
    prepared = []
    for start in tqdm(range(0, len(products), lines), desc="baskets", file=sys.stderr):
        basket = basket_model.objects.create()
        basket.strategy = selector.strategy()
        for product in products[start : start + lines]:
            basket.add_product(product, 1)
        applicator.apply(basket)
        method = Free()
        charge = method.calculate(basket)
        total = calculator.calculate(basket, charge)  # loads and prices the lines, as checkout
        prepared.append(PreparedOrder(basket, method, charge, total))
    return prepared


# --- The two placements -------------------------------------------------------------------------


def _shipping_address(country):
    return _model("order", "ShippingAddress")(
        first_name="Amina",
        last_name="Diallo",
        line1="12 rue des Lilas",
        line4="Lyon",
        postcode="69001",
        country=country,
    )


def _request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().post("/checkout/preview/")
    request.user = AnonymousUser()
    return request


def our_placement():
    """``checkout_order_place``: what the storefront and the API call to place an order."""
    from commerce.checkout.services import checkout_order_place

    country = _shipping_country()

    def place(prepared: PreparedOrder):
        return checkout_order_place(
            request=_request(),
            basket=prepared.basket,
            shipping_address=_shipping_address(country),
            shipping_method=prepared.shipping_method,
            shipping_charge=prepared.shipping_charge,
            order_total=prepared.total,
            guest_email=GUEST_EMAIL,
        )

    return place


def oscar_placement():
    """Oscar's stock OrderCreator with Oscar's own per-line allocation (see the module doc)."""
    from django.db import transaction
    from oscar.apps.order import utils as oscar_order_utils
    from oscar.apps.partner.abstract_models import AbstractStockRecord

    class StockOrderCreator(oscar_order_utils.OrderCreator):
        def update_stock_records(self, line):
            # Oscar's own method body, with Oscar's own allocate (ours delegates to the service).
            if line.product.get_product_class().track_stock:
                AbstractStockRecord.allocate(line.stockrecord, line.quantity)

    country = _shipping_country()

    def place(prepared: PreparedOrder):
        request = _request()
        basket = prepared.basket
        with transaction.atomic():
            number = oscar_order_utils.OrderNumberGenerator().order_number(basket)
            address = _shipping_address(country)
            address.save()  # the stock mixin's create_shipping_address for a guest
            order = StockOrderCreator().place_order(
                basket=basket,
                total=prepared.total,
                shipping_method=prepared.shipping_method,
                shipping_charge=prepared.shipping_charge,
                user=request.user,
                shipping_address=address,
                order_number=number,
                request=request,
                guest_email=GUEST_EMAIL,
            )
            basket.submit()
        return order

    return place


@contextmanager
def tasks_published_in_memory():
    """Celery publishes to an in-memory broker for the duration (nothing runs); then restored."""
    import kombu.pools

    from nexus_site.celery import app

    def pools_reset():  # kombu keeps broker connections by URL for the whole process
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    keys = ("broker_url", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = MEMORY_BROKER  # Celery reads it before its own setting
    app.conf.update(broker_url=MEMORY_BROKER, task_always_eager=False)
    pools_reset()
    try:
        yield
    finally:
        pools_reset()
        app.conf.update(saved)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env


# --- Measurements -------------------------------------------------------------------------------

_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def _query_kind(sql: str) -> str:
    """``SELECT order_order``, ``INSERT partner_stockmovement``, ``SAVEPOINT``..."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"):
        return verb
    table = _TABLE.search(sql)
    return f"{verb} {table.group(1)}" if table else verb


def measure_queries(place, prepared: list[PreparedOrder]) -> dict:
    """SQL queries per placed order on this thread's connection, on-commit callbacks included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, kinds, first = [], Counter(), []
    for item in prepared:
        with CaptureQueriesContext(connection) as captured:
            place(item)
        sql = [query["sql"] for query in captured.captured_queries]
        counts.append(len(sql))
        kinds.update(_query_kind(statement) for statement in sql)
        first = first or sql
    return {
        "orders": len(counts),
        "per_order": round(sum(counts) / len(counts), 1),
        "min": min(counts),
        "max": max(counts),
        "by_kind": {
            kind: round(n / len(counts), 1)
            for kind, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
        },
        "first_order_sql": first,
    }


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _round_timed(place, chunks: list[list[PreparedOrder]], *, bar) -> tuple[float, list[float]]:
    """One thread per chunk, each with its own connection; all start together. Returns the
    wall-clock seconds until the last order was placed and each order's seconds."""
    from django.db import connections

    barrier = threading.Barrier(len(chunks) + 1)
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(chunk: list[PreparedOrder]) -> None:
        try:
            connections["default"].ensure_connection()  # connecting is not placing
            barrier.wait(timeout=120)
            for item in chunk:
                started = time.perf_counter()
                place(item)
                seconds = time.perf_counter() - started
                with lock:
                    latencies.append(seconds)
                    bar.update(1)
        except BaseException as error:  # reported below, after every thread has ended
            with lock:
                errors.append(error)
            barrier.abort()
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    try:
        barrier.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed placing orders") from errors[0]
    return seconds, latencies


def measure_throughput(
    placements: dict, prepared: dict[str, list[PreparedOrder]], *, clients: int, rounds: int
) -> dict:
    """Orders per second of each side, the clients' orders split into ``rounds`` rounds that
    alternate which side goes first (ours, baseline, baseline, ours...), so that a machine
    getting busier or quieter during the run weighs on both sides alike."""
    orders = len(prepared[SIDES[0]]) // clients
    rounds = max(1, min(rounds, orders))  # no empty round
    chunks = {  # chunks[side][client] = that client's orders
        side: [prepared[side][c * orders : (c + 1) * orders] for c in range(clients)]
        for side in SIDES
    }
    seconds = dict.fromkeys(SIDES, 0.0)
    latencies: dict[str, list[float]] = {side: [] for side in SIDES}
    per_round: dict[str, list[float]] = {side: [] for side in SIDES}
    bounds = [orders * r // rounds for r in range(rounds + 1)]
    with tqdm(total=2 * clients * orders, desc="place", unit="order", file=sys.stderr) as bar:
        for r in range(rounds):
            for side in SIDES if r % 2 == 0 else reversed(SIDES):
                part = [chunk[bounds[r] : bounds[r + 1]] for chunk in chunks[side]]
                bar.set_postfix_str(f"round {r + 1}/{rounds} {side}")
                took, placed = _round_timed(placements[side], part, bar=bar)
                seconds[side] += took
                latencies[side] += placed
                per_round[side].append(round(len(placed) / took, 1))
    result = {}
    for side in SIDES:
        ms = [s * 1000 for s in latencies[side]]
        result[side] = {
            "orders": len(ms),
            "seconds": round(seconds[side], 3),
            "orders_per_s": round(len(ms) / seconds[side], 1),
            "orders_per_s_by_round": per_round[side],
            "p50_ms": round(_percentile(ms, 50), 1),
            "p95_ms": round(_percentile(ms, 95), 1),
        }
    return result


def run(*, clients: int, orders: int, lines: int, samples: int, rounds: int = 4) -> dict:
    """Generate the products and baskets, then measure both sides; returns the report."""
    from django.db import connection

    if connection.vendor == "sqlite":
        clients = 1  # SQLite serialises writers: more clients would only wait for its lock
    rounds = max(1, min(rounds, orders))
    per_side = WARMUP + samples + clients * orders
    report = {
        "database": connection.vendor,
        "clients": clients,
        "orders_per_client": orders,
        "lines_per_order": lines,
        "query_samples": samples,
        "rounds": rounds,
        "query_target": QUERY_TARGET if lines == QUERY_TARGET_LINES else None,
        "speed_target": SPEED_TARGET,
    }
    with tasks_published_in_memory():
        started = time.perf_counter()
        # Alike but separate products per side: Oscar's analytics counts a product's first order
        # with an INSERT and later ones with an UPDATE, so sharing them would favour one side.
        n = per_side * lines
        products = generate_products(len(SIDES) * n)
        prepared = {
            side: build_orders(products[i * n : (i + 1) * n], lines=lines)
            for i, side in enumerate(SIDES)
        }
        report["setup_seconds"] = round(time.perf_counter() - started, 1)

        placements = {"ours": our_placement(), "baseline": oscar_placement()}
        report["queries"] = {}
        for side in SIDES:
            for item in prepared[side][:WARMUP]:
                placements[side](item)
            report["queries"][side] = measure_queries(
                placements[side], prepared[side][WARMUP : WARMUP + samples]
            )
        report["throughput"] = measure_throughput(
            placements,
            {side: prepared[side][WARMUP + samples :] for side in SIDES},
            clients=clients,
            rounds=rounds,
        )
    ours, baseline = report["throughput"]["ours"], report["throughput"]["baseline"]
    report["ratio_ours_over_baseline"] = round(ours["orders_per_s"] / baseline["orders_per_s"], 3)
    report["speed_within_target"] = report["ratio_ours_over_baseline"] >= SPEED_TARGET
    ours_q, baseline_q = (report["queries"][side]["per_order"] for side in SIDES)
    report["queries_within_baseline"] = ours_q <= baseline_q
    report["queries_within_target"] = report["queries_within_baseline"] and (
        report["query_target"] is None or ours_q <= report["query_target"]
    )
    return report


# --- Output -------------------------------------------------------------------------------------


def print_table(report: dict, *, show_queries: bool = False) -> None:
    throughput, queries = report["throughput"], report["queries"]
    print(
        f"\n{report['clients']} client(s) x {report['orders_per_client']} orders, "
        f"{report['lines_per_order']} lines per order, on {report['database']}"
    )
    if report["database"] == "sqlite":
        print("(SQLite serialises writers: one client)")
    print(f"{'':22}{'ours':>12}{'Oscar stock':>13}{'ratio':>10}")
    ratio = report["ratio_ours_over_baseline"]
    rows = [
        ("orders/s", "orders_per_s", f"{ratio:>9}x"),
        ("p50 ms per order", "p50_ms", ""),
        ("p95 ms per order", "p95_ms", ""),
    ]
    for label, key, ratio_text in rows:
        ours, baseline = throughput["ours"][key], throughput["baseline"][key]
        print(f"{label:22}{ours:>12}{baseline:>13}{ratio_text:>10}")
    ours_q, base_q = queries["ours"]["per_order"], queries["baseline"]["per_order"]
    print(f"{'SQL queries per order':22}{ours_q:>12}{base_q:>13}")
    for side, name in (("ours", "ours"), ("baseline", "Oscar stock")):
        rates = ", ".join(str(rate) for rate in throughput[side]["orders_per_s_by_round"])
        print(f"orders/s by round, {name}: {rates}")
    print("ratio: ours/Oscar orders per second, so >1 means ours is faster")

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    if report["query_target"] is not None:
        ok = ours_q <= report["query_target"]
        print(
            f"target: ours at most {report['query_target']} queries per "
            f"{report['lines_per_order']}-line order: {verdict(ok)}"
        )
    ok = report["queries_within_baseline"]
    print(f"target: ours at most Oscar's {base_q} queries per order (this run): {verdict(ok)}")
    ok = report["speed_within_target"]
    print(f"target: ours at least {report['speed_target']}x Oscar's orders/s: {verdict(ok)}")
    if show_queries:
        print(f"\n{'queries per order by kind':40}{'ours':>8}{'Oscar stock':>13}")
        kinds = {**queries["ours"]["by_kind"], **queries["baseline"]["by_kind"]}
        for kind in kinds:
            ours_n = queries["ours"]["by_kind"].get(kind, 0)
            base_n = queries["baseline"]["by_kind"].get(kind, 0)
            print(f"{kind:40}{ours_n:>8}{base_n:>13}")


def _database_prepare() -> None:
    """Create the PostgreSQL database if it does not exist, then migrate it."""
    from django.core.management import call_command
    from django.db import OperationalError, connection

    if connection.vendor == "postgresql":
        try:
            connection.ensure_connection()
        except OperationalError:
            name = connection.settings_dict["NAME"]
            print(f"Creating database {name}", file=sys.stderr)
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
    print("Migrating (about 2 minutes on a new database)...", file=sys.stderr)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (threads)")
    parser.add_argument("--orders", type=int, default=50, help="orders placed by each client")
    parser.add_argument("--lines", type=int, default=2, help="distinct products per order")
    parser.add_argument("--samples", type=int, default=5, help="orders whose queries are counted")
    parser.add_argument("--rounds", type=int, default=4, help="alternating timed rounds")
    parser.add_argument(
        "--show-queries", action="store_true", help="print the queries per order by kind"
    )
    args = parser.parse_args(argv)

    throwaway = None
    if not os.environ.get("DATABASE_URL"):
        throwaway = tempfile.mkstemp(prefix="nexus-bench-", suffix=".sqlite3", dir="/tmp")[1]
        os.environ["DATABASE_URL"] = f"sqlite:///{throwaway}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nexus_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False  # no query log outside the counted placements
    # Oscar's product alerts log two INFO lines per allocated record, on both sides alike.
    logging.getLogger("oscar.alerts").setLevel(logging.WARNING)
    try:
        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}", file=sys.stderr)
        _database_prepare()
        report = run(
            clients=args.clients,
            orders=args.orders,
            lines=args.lines,
            samples=args.samples,
            rounds=args.rounds,
        )
    finally:
        if throwaway:
            connection.close()
            Path(throwaway).unlink(missing_ok=True)
    print_table(report, show_queries=args.show_queries)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return report


if __name__ == "__main__":
    sys.exit(0 if main()["queries_within_target"] else 1)
