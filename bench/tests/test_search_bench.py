"""Runs the search benchmark's steps on a tiny catalogue so the script cannot silently rot.

No timing is asserted: only that every step runs and reports positive numbers for both sides.
"""

import pytest
from oscar.core.loading import get_model

from bench import search_bench

pytestmark = pytest.mark.django_db


def test_generated_products_are_searchable_with_categories_and_stock():
    summary = search_bench.generate_products(300)

    products = get_model("catalogue", "Product").objects.filter(upc__startswith="BENCH-")
    assert summary["products"] == products.count() == 300
    assert summary["categories"] == 130
    assert products.filter(categories__isnull=False).distinct().count() == 300
    assert products.filter(stockrecords__isnull=False).distinct().count() == 300
    assert products.exclude(slug="").count() == 300
    leaves = get_model("catalogue", "Category").objects.filter(code__startswith="bench-", depth=3)
    assert leaves.count() == 100


def test_generating_again_replaces_the_previous_bench_products():
    search_bench.generate_products(50)
    search_bench.generate_products(40)

    assert get_model("catalogue", "Product").objects.filter(upc__startswith="BENCH-").count() == 40
    assert (
        get_model("catalogue", "Category").objects.filter(code__startswith="bench-").count() == 130
    )


def test_queries_are_seeded_and_mixed():
    queries = search_bench.build_queries(200)

    assert queries == search_bench.build_queries(200)
    assert {len(q["text"].split()) for q in queries} >= {1, 2}
    assert any(q["category"] for q in queries)


def test_report_has_positive_numbers_for_both_sides():
    search_bench.generate_products(300)

    reindex = search_bench.measure_reindex()
    search = search_bench.measure_search(search_bench.build_queries(10))

    for side in ("ours", "baseline"):
        assert reindex[side]["documents"] >= 300
        assert reindex[side]["docs_per_s"] > 0
        assert search[side].keys() == {"p50_ms", "p95_ms", "mean_ms", "mean_hits"}
        assert search[side]["p50_ms"] > 0
        assert search[side]["p95_ms"] >= search[side]["p50_ms"]
    assert reindex["ours"]["documents"] == reindex["baseline"]["documents"]
    assert reindex["ratio_ours_over_baseline"] > 0
    assert search["queries"] == 10
    assert search["ours"]["mean_hits"] > 0  # the generated products went into the index
    assert search["ratio_baseline_over_ours_p50"] > 0
    assert search["ratio_baseline_over_ours_p95"] > 0
