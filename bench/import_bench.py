"""Product import benchmark: our bulk CSV import against a naive one-row-at-a-time import.

    .venv/bin/python bench/import_bench.py [--rows 10000] [--naive-rows 10000]

Runs against ``DATABASE_URL``; without it, against a throwaway SQLite file in /tmp (migrated
first, deleted afterwards), never the project's db.sqlite3. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "import.json"
OURS_PREFIX = "IMPBENCH-"
NAIVE_PREFIX = "IMPNAIVE-"
ROOT_CATEGORY = "Import Bench"
HEADER = ("sku", "name", "price", "category_path", "description", "stock", "currency", "name_fr")
SECTIONS = ("Produce", "Bakery", "Dairy", "Pantry", "Drinks")
SHELVES = ("Fresh", "Organic", "Local", "Imported", "Value")
LEAVES = ("Small", "Medium", "Large", "Family")
WORDS = "Crisp Golden Rustic Smoky Zesty Velvet Hearty Sunny Wild Mellow".split()


def generate_rows(count: int, *, prefix: str, seed: int = 7, restock: bool = False) -> list[dict]:
    """``count`` rows over 100 leaf categories (3 levels below the bench root); seeded."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        path = "/".join(
            (ROOT_CATEGORY, rng.choice(SECTIONS), rng.choice(SHELVES), rng.choice(LEAVES))
        )
        price = f"{rng.lognormvariate(3, 0.6) + (7 if restock else 0):.2f}"
        rows.append(
            {
                "sku": f"{prefix}{n:06}",
                "name": f"{rng.choice(WORDS)} item {n}",
                "price": price,
                "category_path": path,
                "description": f"Generated product number {n}.",
                "stock": str(rng.randint(0, 50) + (5 if restock else 0)),
                "currency": "USD" if n % 10 == 0 else "",
                "name_fr": f"Article {n}" if n % 2 == 0 else "",
            }
        )
    return rows


def csv_bytes(rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _model(app, name):
    from oscar.core.loading import get_model

    return get_model(app, name)


def clear_bench_data() -> None:
    """Remove what an earlier run made: raw deletes by SKU prefix, then the category tree."""
    for prefix in (OURS_PREFIX, NAIVE_PREFIX):
        for app, name, lookup in (
            ("partner", "StockMovement", "stockrecord__partner_sku__startswith"),
            ("catalogue", "ProductCategory", "product__upc__startswith"),
            ("partner", "StockRecord", "partner_sku__startswith"),
            ("catalogue", "Product", "upc__startswith"),
        ):
            rows = _model(app, name).objects.filter(**{lookup: prefix})
            rows._raw_delete(rows.db)
    _model("catalogue", "Category").objects.filter(name_en=ROOT_CATEGORY, depth=1).delete()


def naive_import(rows: list[dict], *, partner) -> None:
    """What an import written the Oscar way does: per row, Oscar's ``create_from_breadcrumbs``
    (with our "/" separator) and ``get_or_create`` plus ``save()`` of the product, its category
    link and its stock record, each row in its own transaction (so a bad row would not undo the
    others). Every save sends its signals, as in production."""
    from decimal import Decimal

    from django.conf import settings
    from django.db import transaction
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    product_model = _model("catalogue", "Product")
    link_model = _model("catalogue", "ProductCategory")
    record_model = _model("partner", "StockRecord")
    product_class, _ = _model("catalogue", "ProductClass").objects.get_or_create(
        slug="imported", defaults={"name": "Imported products"}
    )
    for row in rows:
        with transaction.atomic():
            category = create_from_breadcrumbs(row["category_path"], separator="/")
            product, _ = product_model.objects.get_or_create(
                upc=row["sku"], defaults={"product_class": product_class, "title": row["name"]}
            )
            product.title = row["name"]
            product.title_fr = row["name_fr"] or None
            product.description = row["description"]
            product.save()
            link_model.objects.get_or_create(product=product, category=category)
            record, _ = record_model.objects.get_or_create(
                partner=partner,
                partner_sku=row["sku"],
                defaults={"product": product, "price": Decimal(row["price"])},
            )
            record.price = Decimal(row["price"])
            record.price_currency = row["currency"] or settings.OSCAR_DEFAULT_CURRENCY
            record.num_in_stock = int(row["stock"])
            record.save()


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def measure(rows: int, naive_rows: int) -> dict:
    from django.utils import translation

    from bench.checkout_bench import tasks_published_in_memory
    from commerce.product_import.services import _partner, _partner_create, products_import

    report: dict = {"rows": rows, "naive_rows": naive_rows}
    clear_bench_data()
    ours_rows = generate_rows(rows, prefix=OURS_PREFIX)
    data = csv_bytes(ours_rows)
    restock = csv_bytes(generate_rows(rows, prefix=OURS_PREFIX, restock=True))
    naive = generate_rows(naive_rows, prefix=NAIVE_PREFIX)

    # Celery tasks (the search flush, low-stock alerts) are published, not run, on both sides.
    with tasks_published_in_memory(), translation.override("en"):
        for label, payload in (("create", data), ("same_again", data), ("restock", restock)):
            seconds, result = _timed(lambda payload=payload: products_import(file=payload))
            report[f"ours_{label}"] = {
                "seconds": round(seconds, 2),
                "rows_per_s": round(rows / seconds, 1),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "failed": result.failed,
            }
            print(f"ours {label}: {seconds:.1f} s ({result.summary()})", file=sys.stderr)
        partner = _partner() or _partner_create()
        seconds, _ = _timed(lambda: naive_import(naive, partner=partner))
        report["naive_create"] = {
            "seconds": round(seconds, 2),
            "rows_per_s": round(naive_rows / seconds, 1),
        }
        print(f"naive create: {seconds:.1f} s", file=sys.stderr)
    report["ratio_create_rows_per_s"] = round(
        report["ours_create"]["rows_per_s"] / report["naive_create"]["rows_per_s"], 1
    )
    clear_bench_data()
    return report


def print_table(report: dict) -> None:
    print(f"\n{report['rows']} rows on {report['database']}")
    for key in ("ours_create", "ours_same_again", "ours_restock", "naive_create"):
        numbers = report[key]
        print(f"{key:18}{numbers['seconds']:>9} s{numbers['rows_per_s']:>12} rows/s")
    print(f"ratio (ours / naive rows/s, create): {report['ratio_create_rows_per_s']}x")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--naive-rows",
        type=int,
        default=None,
        help="Rows for the naive import (default: --rows); rows/s are compared.",
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
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False  # no query log: it would slow both sides down
    try:
        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}", file=sys.stderr)
        print("Migrating (80-120 s on a new database)...", file=sys.stderr)
        call_command("migrate", verbosity=0)
        report = {"database": connection.vendor}
        report.update(measure(args.rows, args.naive_rows or args.rows))
    finally:
        if throwaway:
            connection.close()
            Path(throwaway).unlink(missing_ok=True)
    print_table(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return report


if __name__ == "__main__":
    main()
