"""Search benchmark: our search app against Oscar's stock haystack search, on generated products.

    .venv/bin/python bench/search_bench.py [--products 50000] [--queries 200]

Runs against ``DATABASE_URL``; without it, against a throwaway SQLite file in /tmp (migrated first,
deleted afterwards), never the project's db.sqlite3. See bench/README.md for what is measured.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search.json"
UPC_PREFIX = "BENCH-"
CODE_PREFIX = "bench-"
CHUNK = 2000  # products generated per round of bulk_create
HAYSTACK_BATCH = 1000  # haystack's default BATCH_SIZE in update_index
WARMUP = 3

# 5 departments x 5 sections x 4 leaves; a product's title carries its leaf's noun.
TREE_TEXT = """
Electronics > Audio: Headphones, Speakers, Earbuds, Soundbars
Electronics > Computing: Laptops, Monitors, Keyboards, Routers
Electronics > Phones: Smartphones, Chargers, Cases, Cables
Electronics > Cameras: Camcorders, Lenses, Tripods, Drones
Electronics > Gaming: Consoles, Controllers, Headsets, Joysticks
Home > Kitchen: Kettles, Toasters, Blenders, Skillets
Home > Furniture: Chairs, Desks, Sofas, Shelves
Home > Lighting: Lamps, Lanterns, Bulbs, Sconces
Home > Bedding: Pillows, Duvets, Blankets, Sheets
Home > Bath: Towels, Mirrors, Faucets, Scales
Outdoor > Camping: Tents, Sleeping bags, Stoves, Hammocks
Outdoor > Garden: Planters, Hoses, Shovels, Pruners
Outdoor > Cycling: Helmets, Bicycles, Pumps, Saddles
Outdoor > Climbing: Harnesses, Carabiners, Ropes, Chalk bags
Outdoor > Fishing: Rods, Reels, Lures, Nets
Fashion > Men: Shirts, Jackets, Trousers, Sneakers
Fashion > Women: Dresses, Blouses, Skirts, Boots
Fashion > Kids: Hoodies, Pyjamas, Sandals, Mittens
Fashion > Accessories: Watches, Wallets, Belts, Sunglasses
Fashion > Bags: Backpacks, Totes, Duffels, Suitcases
Sports > Fitness: Dumbbells, Kettlebells, Yoga mats, Treadmills
Sports > Running: Shorts, Socks, Vests, Armbands
Sports > Team sports: Footballs, Basketballs, Jerseys, Goals
Sports > Racket sports: Rackets, Shuttlecocks, Grips, Strings
Sports > Water sports: Wetsuits, Goggles, Paddles, Surfboards
"""
TREE: dict[str, dict[str, list[str]]] = {}
for _line in TREE_TEXT.strip().splitlines():
    _path, _leaves = _line.split(": ")
    _department, _section = _path.split(" > ")
    TREE.setdefault(_department, {})[_section] = _leaves.split(", ")
BRANDS = (
    "Nordwell Aurex Veltra Kestrel Lumio Brava Ostrava Quillon Zephyra Tundra Marlow Pexa Corvin "
    "Halden Isolde Juno Karst Lindqvist Mirabel Norrland Orkan Pellam Rivka Solvik Tarn Umbra "
    "Vesper Wexley Yarrow Zorin"
).split()
ADJECTIVES = (
    "Wireless Compact Portable Ergonomic Waterproof Lightweight Premium Classic Vintage Smart "
    "Foldable Rechargeable Insulated Heavy-duty Slim Adjustable Organic Modular Cordless "
    "Breathable Durable Minimalist Reversible Stackable Ultralight Padded Magnetic Quiet Thermal "
    "Reflective"
).split()
COLOURS = "Black White Grey Navy Red Green Olive Sand Teal Burgundy Orange Charcoal".split()
MATERIALS = (
    "aluminium,bamboo,recycled plastic,stainless steel,merino wool,cotton canvas,carbon fibre,"
    "oak,leather,silicone"
).split(",")
USES = (
    "everyday use,travel,the office,weekend trips,small spaces,beginners,professionals,"
    "rainy days,gifting,the whole family"
).split(",")
NOUNS = [noun for sections in TREE.values() for leaves in sections.values() for noun in leaves]
# Zipf-like weights: a few brands and adjectives are common, most are rare (varied selectivity).
ZIPF = [1 / (rank + 1) for rank in range(30)]


def _model(app, name):
    from oscar.core.loading import get_model

    return get_model(app, name)


def clear_bench_data() -> None:
    """Remove what an earlier run generated, without signals: bench products are referenced only
    by their category links and stock records, so raw deletes are safe and take seconds."""
    for app, name, lookup in (
        ("catalogue", "ProductCategory", "product__upc__startswith"),
        ("partner", "StockRecord", "product__upc__startswith"),
        ("catalogue", "Product", "upc__startswith"),
    ):
        rows = _model(app, name).objects.filter(**{lookup: UPC_PREFIX})
        rows._raw_delete(rows.db)
    _model("catalogue", "Category").objects.filter(code__startswith=CODE_PREFIX, depth=1).delete()


def _category_leaves() -> list[tuple[str, object]]:
    """Creates the tree (treebeard add_root/add_child: 130 rows); returns (noun, leaf) pairs."""
    from django.utils.text import slugify

    category = _model("catalogue", "Category")
    leaves = []
    for d, (department, sections) in enumerate(TREE.items()):
        root = category.add_root(name=department, slug=slugify(department), code=f"bench-{d}")
        for s, (section, nouns) in enumerate(sections.items()):
            node = root.add_child(name=section, slug=slugify(section), code=f"bench-{d}-{s}")
            for n, noun in enumerate(nouns):
                leaf = node.add_child(name=noun, slug=slugify(noun), code=f"bench-{d}-{s}-{n}")
                leaves.append((noun, leaf))
    return leaves


def _product_fields(rng: random.Random, i: int) -> dict:
    brand, adjective = rng.choices(BRANDS, ZIPF)[0], rng.choices(ADJECTIVES, ZIPF)[0]
    colour, noun = rng.choice(COLOURS), rng.choice(NOUNS)
    words = [brand, adjective, colour if rng.random() < 0.5 else "", noun]
    title = " ".join(w for w in words if w) + f" {rng.choice('XSMPRZ')}{i % 97 * 10}"
    description = (
        f"{brand}'s {adjective.lower()} {noun.lower()} in {colour.lower()}, "
        f"made of {rng.choice(MATERIALS)}. Designed for {rng.choice(USES)}."
        + f" Comes with a {rng.randint(1, 5)}-year warranty."
        * rng.randint(0, 1)
    )
    return {"noun": noun, "title": title, "description": description}


def generate_products(count: int, *, seed: int = 42) -> dict:
    """``count`` standalone products with a leaf category and a stock record each.

    bulk_create sends no post_save, so the search app's receivers record nothing; slugs and UPCs
    are set here since bulk_create skips ``save()``."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils.text import slugify

    product, stockrecord = _model("catalogue", "Product"), _model("partner", "StockRecord")
    product_category = _model("catalogue", "ProductCategory")
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic(), tqdm(total=count, desc="products", file=sys.stderr) as bar:
        clear_bench_data()
        product_class, _ = _model("catalogue", "ProductClass").objects.get_or_create(
            slug="bench-item", defaults={"name": "Bench item", "track_stock": True}
        )
        partner, _ = _model("partner", "Partner").objects.get_or_create(
            code="bench", defaults={"name": "Bench partner"}
        )
        leaves = dict(_category_leaves())
        for start in range(0, count, CHUNK):
            rows, leaf_of = [], {}
            for i in range(start, min(start + CHUNK, count)):
                fields, upc = _product_fields(rng, i), f"{UPC_PREFIX}{i:07d}"
                leaf_of[upc] = leaves[fields.pop("noun")]
                slug = f"{slugify(fields['title'])}-{i}"
                rows.append(product(upc=upc, slug=slug, product_class=product_class, **fields))
            product.objects.bulk_create(rows)
            # Zero-padded UPCs: one range query finds the new ids, whatever the chunk size.
            ids = dict(
                product.objects.filter(upc__range=(rows[0].upc, rows[-1].upc)).values_list(
                    "upc", "pk"
                )
            )
            product_category.objects.bulk_create(
                product_category(product_id=ids[upc], category=leaf)
                for upc, leaf in leaf_of.items()
            )
            stockrecord.objects.bulk_create(
                stockrecord(
                    product_id=ids[upc],
                    partner=partner,
                    partner_sku=upc,
                    price_currency=settings.OSCAR_DEFAULT_CURRENCY,
                    price=Decimal(f"{min(2000, max(3, rng.lognormvariate(3.8, 1))):.2f}"),
                    num_in_stock=0 if rng.random() < 0.15 else rng.randint(1, 200),
                )
                for upc in leaf_of
            )
            bar.update(len(rows))
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would have them on a live shop: without them
        # PostgreSQL picks very different plans right after a bulk load.
        with connection.cursor() as cursor:
            tables = [m._meta.db_table for m in (product, stockrecord, product_category)]
            cursor.execute(
                f"ANALYZE {', '.join(tables)}, {_model('catalogue', 'Category')._meta.db_table}"
            )
    seconds = round(time.perf_counter() - started, 2)
    return {"products": count, "categories": 30 + len(leaves), "seconds": seconds}


def _rate(documents: int, seconds: float) -> dict:
    rate = round(documents / seconds, 1) if seconds else 0.0
    return {"documents": documents, "seconds": round(seconds, 3), "docs_per_s": rate}


def measure_reindex() -> dict:
    """Documents per second: our reindex into the database index (documents built and written,
    the vocabulary with them) vs. haystack's per-object ``full_prepare``.

    The first language is timed; the others are rebuilt untimed, so that searches afterwards
    find no rows of products an earlier run deleted."""
    from oscar.apps.search.search_indexes import ProductIndex

    from search.backends.database import DatabaseBackend
    from search.documents import product_document_batches, products_searchable
    from search.services import search_languages

    total = products_searchable().count()
    backend = DatabaseBackend()
    ours_rate = None
    for language in search_languages():
        started = time.perf_counter()
        with tqdm(
            total=total, desc=f"reindex ours ({language})", unit="doc", file=sys.stderr
        ) as bar:

            def batches(language=language, bar=bar):
                for batch in product_document_batches(language=language):
                    bar.update(len(batch))
                    yield batch

            indexed = backend.rebuild(
                language=language, product_batches=batches(), pages=[], synonyms={}
            )
        if ours_rate is None:
            ours_rate = _rate(indexed, time.perf_counter() - started)

    # What haystack's update_index does per model: build_queryset(), pk-ordered batches of 1000,
    # full_prepare() for every object, then backend.update() (which the simple backend ignores).
    index = ProductIndex()
    queryset, last_pk, baseline = index.build_queryset().order_by("pk"), 0, 0
    started = time.perf_counter()
    with tqdm(total=total, desc="reindex haystack", unit="doc", file=sys.stderr) as bar:
        while batch := list(queryset.filter(pk__gt=last_pk)[:HAYSTACK_BATCH]):
            for obj in batch:
                index.full_prepare(obj)
            baseline, last_pk = baseline + len(batch), batch[-1].pk
            bar.update(len(batch))
    baseline_rate = _rate(baseline, time.perf_counter() - started)
    return {
        "ours": ours_rate,
        "baseline": baseline_rate,
        "ratio_ours_over_baseline": round(ours_rate["docs_per_s"] / baseline_rate["docs_per_s"], 2),
    }


def build_queries(count: int, *, seed: int = 7) -> list[dict]:
    """Seeded mix: ~45% one word, ~45% two words, ~10% one word with filters."""
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        roll, noun = rng.random(), rng.choice(NOUNS).lower()
        query = {"text": "", "category": None, "in_stock": None, "max_price": None}
        if roll < 0.45:
            pool = rng.choice([BRANDS, ADJECTIVES, NOUNS, COLOURS, MATERIALS])
            query["text"] = rng.choice(pool).lower()
        elif roll < 0.9:
            first = rng.choice([BRANDS, ADJECTIVES, COLOURS])
            query["text"] = f"{rng.choice(first).lower()} {noun}"
        else:
            query["text"] = rng.choice([noun, rng.choice(ADJECTIVES).lower()])
            d = rng.randrange(len(TREE))
            query["category"] = rng.choice([f"bench-{d}", f"bench-{d}-{rng.randrange(5)}"])
            query["in_stock"] = True
            query["max_price"] = rng.choice([None, "50", "100"])
        queries.append(query)
    return queries


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _latency(seconds: list[float], hits: list[int]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(_percentile(ms, 50), 2),
        "p95_ms": round(_percentile(ms, 95), 2),
        "mean_ms": round(sum(ms) / len(ms), 2),
        "mean_hits": round(sum(hits) / len(hits), 1),
    }


def _haystack_search():
    """Oscar's stock search through haystack's simple backend (settings.HAYSTACK_CONNECTIONS).

    haystack is not an installed app here, so its unified index would only find a
    ``search_indexes`` module by chance: Oscar's ProductIndex is registered explicitly."""
    from haystack import connections
    from haystack.query import SearchQuerySet
    from oscar.apps.search.search_indexes import ProductIndex

    connections["default"].get_unified_index().build(indexes=[ProductIndex()])
    product = _model("catalogue", "Product")

    def search(query: dict) -> int:
        # Filters are left out: the simple backend cannot narrow (it would search their values).
        results = SearchQuerySet().models(product).auto_query(query["text"])
        list(results[:20])
        return results.count()  # cached by the search above

    return search


def _our_search():
    from search.backends.database import DatabaseBackend
    from search.interface import ProductQuery

    backend = DatabaseBackend()
    category_ids = dict(
        _model("catalogue", "Category")
        .objects.filter(code__startswith=CODE_PREFIX)
        .values_list("code", "pk")
    )

    def search(query: dict) -> int:
        hits = backend.products_search(
            query=ProductQuery(
                text=query["text"],
                per_page=20,
                in_stock=query["in_stock"],
                category_id=category_ids.get(query["category"]),
                max_price=Decimal(query["max_price"]) if query["max_price"] else None,
            )
        )
        return hits.total

    return search


def measure_search(queries: list[dict]) -> dict:
    """p50/p95 latency of the same queries through both, after a few untimed warm-up queries."""
    result = {"queries": len(queries), "filtered": sum(bool(q["category"]) for q in queries)}
    for side, search in (("ours", _our_search()), ("baseline", _haystack_search())):
        for query in queries[:WARMUP]:
            search(query)
        # What the shop's WSGI entry point does once loaded (nexus_site/wsgi.py), for both.
        gc.freeze()
        seconds, hits = [], []
        for query in tqdm(queries, desc=f"search {side}", unit="query", file=sys.stderr):
            started = time.perf_counter()
            hits.append(search(query))
            seconds.append(time.perf_counter() - started)
        result[side] = _latency(seconds, hits)
    for p in ("p50", "p95"):
        ratio = result["baseline"][f"{p}_ms"] / max(result["ours"][f"{p}_ms"], 1e-6)
        result[f"ratio_baseline_over_ours_{p}"] = round(ratio, 3)
    return result


def print_table(report: dict) -> None:
    reindex, search = report["reindex"], report["search"]
    print(f"\n{report['products']} products on {report['database']}")
    print(f"{'':20}{'ours':>12}{'haystack':>12}{'ratio':>10}")
    rows = [("reindex docs/s", reindex, "docs_per_s", reindex["ratio_ours_over_baseline"])]
    for p in ("p50", "p95") if search else ():
        rows.append((f"search {p} ms", search, f"{p}_ms", search[f"ratio_baseline_over_ours_{p}"]))
    for label, numbers, key, ratio in rows:
        print(f"{label:20}{numbers['ours'][key]:>12}{numbers['baseline'][key]:>12}{ratio:>9}x")
    print("ratios: ours/haystack docs/s and haystack/ours latency, so >1 means ours is better")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
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
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Migrated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        report = {"database": connection.vendor, "products": args.products}
        report["generation"] = generate_products(args.products)
        report["reindex"] = measure_reindex()
        # --queries 0 skips the search step (e.g. to time only the reindex on a large catalogue).
        report["search"] = measure_search(build_queries(args.queries)) if args.queries else None
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
