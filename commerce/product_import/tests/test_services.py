"""products_import: upsert by SKU, every kind of bad row, all-or-nothing, idempotency, stock,
French columns, variants, search indexing, and bulk queries."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model

from commerce.partner.models import StockMovement
from commerce.product_import.services import DEFAULT_PARTNER_CODE, products_import
from commerce.product_import.tests.helpers import csv_bytes, errors_of

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")

FULL = (
    "sku",
    "name",
    "price",
    "category_path",
    "description",
    "stock",
    "currency",
    "name_fr",
    "description_fr",
    "parent_sku",
)


def record(sku: str):
    return StockRecord.objects.select_related("product", "partner").get(partner_sku=sku)


def category_names(product) -> set[tuple[str, ...]]:
    return {
        tuple(c.name_en for c in category.get_ancestors_and_self())
        for category in product.categories.all()
    }


# --- Creating and updating -------------------------------------------------------------------


def test_new_rows_create_products_stock_records_and_categories():
    data = csv_bytes(
        [("IMP-001", "Apple", "10.50", "Imp Products/Produce/Fruits")],
    )
    result = products_import(file=data)

    assert (result.created, result.updated, result.unchanged, result.failed) == (1, 0, 0, 0)
    stock = record("IMP-001")
    product = stock.product
    assert product.upc == "IMP-001"
    assert product.title_en == "Apple"
    assert product.slug == "apple"
    assert product.is_standalone and product.is_public
    assert product.product_class is not None
    assert stock.price == Decimal("10.50")
    assert stock.price_currency == settings.OSCAR_DEFAULT_CURRENCY
    # The shop's only partner (the demo's here) is the import partner.
    assert stock.partner.code == "nexus-demo-store"
    assert category_names(product) == {("Imp Products", "Produce", "Fruits")}


def test_existing_categories_are_reused_not_duplicated():
    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root/Fruits")]))
    products_import(file=csv_bytes([("IMP-002", "Pear", "1", "Imp Root/Fruits")]))

    assert Category.objects.filter(name_en="Imp Root", depth=1).count() == 1
    assert (
        Category.objects.filter(name_en="Fruits", depth=2, path__startswith="")
        .filter(path__in=[c.path for c in Category.objects.get(name_en="Imp Root").get_children()])
        .count()
        == 1
    )
    a, b = record("IMP-001").product, record("IMP-002").product
    assert set(a.categories.all()) == set(b.categories.all())


def test_a_demo_product_is_updated_by_its_sku():
    demo = StockRecord.objects.filter(
        partner__code="nexus-demo-store", product__structure=Product.STANDALONE
    ).first()
    products_before = Product.objects.count()
    path = "/".join(c.name_en for c in demo.product.categories.first().get_ancestors_and_self())

    result = products_import(
        file=csv_bytes([(demo.partner_sku, demo.product.title_en, "1234.56", path)])
    )

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert Product.objects.count() == products_before
    demo.refresh_from_db()
    assert demo.price == Decimal("1234.56")


def test_the_only_partner_takes_the_import_whatever_its_code():
    [partner] = Partner.objects.all()
    Partner.objects.filter(pk=partner.pk).update(code="acme")

    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))

    assert record("IMP-001").partner_id == partner.pk
    assert Partner.objects.count() == 1


def test_with_several_partners_the_default_one_takes_the_import():
    default = Partner.objects.create(code=DEFAULT_PARTNER_CODE, name="Main warehouse")

    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))

    assert record("IMP-001").partner_id == default.pk


def test_with_several_partners_and_no_default_one_default_is_created():
    Partner.objects.create(code="marketplace-seller", name="Marketplace seller")

    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))

    assert record("IMP-001").partner.code == DEFAULT_PARTNER_CODE
    assert record("IMP-001").partner.name == "Default"
    assert Partner.objects.count() == 3


def test_the_first_import_into_an_empty_shop_creates_default():
    StockRecord.objects.all().delete()
    Partner.objects.all().delete()

    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))

    assert record("IMP-001").partner.code == DEFAULT_PARTNER_CODE


def test_currency_and_stock_columns():
    data = csv_bytes(
        [("IMP-001", "Apple", "2.00", "Imp Root", "3", "usd")],
        header=("sku", "name", "price", "category_path", "stock", "currency"),
    )
    products_import(file=data)

    stock = record("IMP-001")
    assert (stock.price_currency, stock.num_in_stock) == ("USD", 3)


def test_rows_can_be_given_as_mappings():
    result = products_import(
        rows=[{"sku": "IMP-001", "name": "Apple", "price": "1", "category_path": "Imp Root"}]
    )
    assert result.created == 1


# --- Idempotency -----------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing():
    data = csv_bytes(
        [
            ("IMP-001", "Apple", "10.50", "Imp Root/Fruits", "Crisp", "5", "", "Pomme", "", ""),
            ("IMP-SHIRT", "Shirt", "", "Imp Root/Shirts", "", "", "", "", "", ""),
            ("IMP-SHIRT-S", "Shirt S", "12", "", "", "2", "USD", "", "", "IMP-SHIRT"),
        ],
        header=FULL,
    )
    first = products_import(file=data)
    assert (first.created, first.failed) == (3, 0)
    stamps = dict(Product.objects.filter(upc__startswith="IMP-").values_list("upc", "date_updated"))
    record_stamps = dict(
        StockRecord.objects.filter(partner_sku__startswith="IMP-").values_list(
            "partner_sku", "date_updated"
        )
    )
    counts = (
        Product.objects.count(),
        StockRecord.objects.count(),
        Category.objects.count(),
        ProductCategory.objects.count(),
        StockMovement.objects.count(),
    )

    second = products_import(file=data)

    assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, 3, 0)
    assert counts == (
        Product.objects.count(),
        StockRecord.objects.count(),
        Category.objects.count(),
        ProductCategory.objects.count(),
        StockMovement.objects.count(),
    )
    assert stamps == dict(
        Product.objects.filter(upc__startswith="IMP-").values_list("upc", "date_updated")
    )
    assert record_stamps == dict(
        StockRecord.objects.filter(partner_sku__startswith="IMP-").values_list(
            "partner_sku", "date_updated"
        )
    )


def test_a_changed_row_is_updated_and_the_others_stay_unchanged():
    rows = [("IMP-001", "Apple", "1.00", "Imp Root"), ("IMP-002", "Pear", "2.00", "Imp Root")]
    products_import(file=csv_bytes(rows))
    pear_stamp = record("IMP-002").product.date_updated

    rows[0] = ("IMP-001", "Green apple", "1.00", "Imp Root")
    result = products_import(file=csv_bytes(rows))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert record("IMP-001").product.title_en == "Green apple"
    assert record("IMP-002").product.date_updated == pear_stamp


def test_a_price_change_updates_the_stock_record_only():
    products_import(file=csv_bytes([("IMP-001", "Apple", "1.00", "Imp Root")]))
    product_stamp = record("IMP-001").product.date_updated

    result = products_import(file=csv_bytes([("IMP-001", "Apple", "1.10", "Imp Root")]))

    assert result.updated == 1
    assert record("IMP-001").price == Decimal("1.10")
    assert record("IMP-001").product.date_updated == product_stamp


# --- Bad rows --------------------------------------------------------------------------------


@pytest.mark.parametrize("price", ["0", "0.00", "-1", "1.234", "abc", "1e3", "1,50", " . "])
def test_bad_price(price):
    result = products_import(file=csv_bytes([("IMP-001", "Apple", price, "Imp Root")]))
    assert errors_of(result) == [(2, "price")]
    assert not StockRecord.objects.filter(partner_sku="IMP-001").exists()


def test_price_is_required_for_a_product_with_stock():
    result = products_import(file=csv_bytes([("IMP-001", "Apple", "", "Imp Root")]))
    assert errors_of(result) == [(2, "price")]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (("", "Apple", "1", "Imp Root"), "sku"),
        (("  ", "Apple", "1", "Imp Root"), "sku"),
        (("IMP-001", "", "1", "Imp Root"), "name"),
        (("IMP-001", "Apple", "1", ""), "category_path"),
        (("IMP-001", "Apple", "1", "A//B"), "category_path"),
        (("IMP-001", "Apple", "1", "/A/B"), "category_path"),
        (("IMP-001", "Apple", "1", "A/B/"), "category_path"),
        (("IMP-001", "Apple", "1", "A/ /B"), "category_path"),
        (("x" * 65, "Apple", "1", "Imp Root"), "sku"),
    ],
)
def test_bad_cells(row, field):
    result = products_import(file=csv_bytes([row]))
    assert errors_of(result) == [(2, field)]
    assert result.created == 0


@pytest.mark.parametrize("currency", ["XYZ", "EURO", "E", "DEM"])
def test_unknown_currency(currency):
    data = csv_bytes(
        [("IMP-001", "Apple", "1", "Imp Root", currency)],
        header=("sku", "name", "price", "category_path", "currency"),
    )
    result = products_import(file=data)
    assert errors_of(result) == [(2, "currency")]


@pytest.mark.parametrize("stock", ["-1", "1.5", "ten", "99999999999"])
def test_bad_stock(stock):
    data = csv_bytes(
        [("IMP-001", "Apple", "1", "Imp Root", stock)],
        header=("sku", "name", "price", "category_path", "stock"),
    )
    result = products_import(file=data)
    assert errors_of(result) == [(2, "stock")]


def test_unknown_parent_sku():
    data = csv_bytes(
        [("IMP-001", "Apple", "1", "Imp Root", "NO-SUCH-SKU")],
        header=("sku", "name", "price", "category_path", "parent_sku"),
    )
    result = products_import(file=data)
    assert errors_of(result) == [(2, "parent_sku")]
    assert "NO-SUCH-SKU" in result.errors[0].message


def test_a_sku_given_twice_is_refused_on_its_second_row():
    result = products_import(
        file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-001", "Pear", "1", "Imp")])
    )
    assert errors_of(result) == [(3, "sku")]
    assert record("IMP-001").product.title_en == "Apple"


@pytest.mark.parametrize("missing", ["sku", "name", "price", "category_path"])
def test_missing_required_header(missing):
    header = tuple(c for c in ("sku", "name", "price", "category_path") if c != missing)
    data = csv_bytes([("IMP-001", "Apple", "1")], header=header)

    result = products_import(file=data)

    assert errors_of(result) == [(1, missing)]
    assert not result.imported
    assert not Product.objects.filter(upc="IMP-001").exists()


def test_a_file_that_is_not_utf8_imports_nothing_and_names_the_line():
    data = (
        csv_bytes([("IMP-001", "Apple", "1", "Imp Root")])
        + "IMP-002,Crème brûlée,2,Imp Root\n".encode("latin-1")
        + b"IMP-003,Pear,1,Imp Root\n"
    )

    result = products_import(file=data)

    assert not result.imported
    assert errors_of(result) == [(3, None)]
    assert "line 3" in result.errors[0].message
    assert not Product.objects.filter(upc__in=["IMP-001", "IMP-003"]).exists()


def test_a_utf8_byte_order_mark_is_accepted():
    result = products_import(file=b"\xef\xbb\xbf" + csv_bytes([("IMP-001", "Été", "1", "Imp")]))
    assert result.created == 1
    assert record("IMP-001").product.title_en == "Été"


def test_good_rows_are_imported_and_every_bad_row_is_reported():
    data = csv_bytes(
        [
            ("IMP-001", "Apple", "1", "Imp Root"),
            ("", "No SKU", "1", "Imp Root"),
            ("IMP-003", "Pear", "abc", "Imp Root"),
            ("IMP-004", "Plum", "3", "Imp//Root"),
            ("IMP-005", "Fig", "5", "Imp Root"),
        ]
    )

    result = products_import(file=data)

    assert (result.created, result.failed) == (2, 3)
    assert errors_of(result) == [(3, "sku"), (4, "price"), (5, "category_path")]
    assert set(Product.objects.filter(upc__startswith="IMP-").values_list("upc", flat=True)) == {
        "IMP-001",
        "IMP-005",
    }


def test_blank_lines_are_skipped_and_keep_their_row_number():
    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]) + b"\n" + b"IMP-003,Pear,x,Imp\n"
    result = products_import(file=data)
    assert result.created == 1
    assert errors_of(result) == [(4, "price")]


def test_stock_below_what_orders_hold_is_refused():
    products_import(
        file=csv_bytes(
            [("IMP-001", "Apple", "1", "Imp Root", "10")],
            header=("sku", "name", "price", "category_path", "stock"),
        )
    )
    StockRecord.objects.filter(partner_sku="IMP-001").update(num_allocated=4)

    result = products_import(
        file=csv_bytes(
            [("IMP-001", "Apple", "1", "Imp Root", "3")],
            header=("sku", "name", "price", "category_path", "stock"),
        )
    )

    assert errors_of(result) == [(2, "stock")]
    assert record("IMP-001").num_in_stock == 10


# --- All or nothing --------------------------------------------------------------------------


def test_all_or_nothing_imports_nothing_when_a_row_is_bad():
    products_before, categories_before = Product.objects.count(), Category.objects.count()
    data = csv_bytes(
        [("IMP-001", "Apple", "1", "Imp New Root"), ("IMP-002", "Pear", "-1", "Imp New Root")]
    )

    result = products_import(file=data, all_or_nothing=True)

    assert not result.imported
    assert (result.created, result.updated, result.unchanged, result.failed) == (0, 0, 0, 1)
    assert errors_of(result) == [(3, "price")]
    assert (Product.objects.count(), Category.objects.count()) == (
        products_before,
        categories_before,
    )


def test_all_or_nothing_imports_everything_when_every_row_is_good():
    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "2", "Imp")])
    result = products_import(file=data, all_or_nothing=True)
    assert result.imported and result.created == 2


def test_all_or_nothing_rolls_back_everything_written_when_a_write_fails():
    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root"), ("IMP-002", "Pear", "2", "Imp")])
    with (
        mock.patch(
            "commerce.product_import.services._categories_link", side_effect=RuntimeError("x")
        ),
        pytest.raises(RuntimeError),
    ):
        products_import(file=data, all_or_nothing=True)
    assert not Product.objects.filter(upc__startswith="IMP-").exists()
    assert not Category.objects.filter(name_en="Imp Root").exists()


# --- Stock movements -------------------------------------------------------------------------


def test_stock_is_recorded_as_import_movements():
    header = ("sku", "name", "price", "category_path", "stock")
    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root", "5")], header=header))
    stock = record("IMP-001")
    assert list(stock.movements.values_list("quantity", "reason")) == [(5, "import")]

    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root", "8")], header=header))

    stock.refresh_from_db()
    assert stock.num_in_stock == 8
    assert sorted(stock.movements.values_list("quantity", "reason")) == [
        (3, "import"),
        (5, "import"),
    ]


def test_an_empty_stock_cell_leaves_the_stock_alone():
    header = ("sku", "name", "price", "category_path", "stock")
    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root", "5")], header=header))
    result = products_import(
        file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root", "")], header=header)
    )
    assert result.unchanged == 1
    assert record("IMP-001").num_in_stock == 5


# --- French ----------------------------------------------------------------------------------


def test_french_columns_fill_the_french_fields():
    data = csv_bytes(
        [("IMP-001", "Apple", "1", "Imp Root", "Crisp", "Pomme", "Croquante")],
        header=(
            "sku",
            "name",
            "price",
            "category_path",
            "description",
            "name_fr",
            "description_fr",
        ),
    )
    products_import(file=data)

    product = record("IMP-001").product
    assert (product.title_en, product.title_fr) == ("Apple", "Pomme")
    assert (product.description_en, product.description_fr) == ("Crisp", "Croquante")
    with translation.override("fr"):
        assert product.title == "Pomme"
    with translation.override("en"):
        assert product.title == "Apple"


def test_french_falls_back_to_english_and_absent_columns_are_left_alone():
    with_fr = ("sku", "name", "price", "category_path", "name_fr")
    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp", "Pomme")], header=with_fr))
    products_import(file=csv_bytes([("IMP-002", "Pear", "1", "Imp", "")], header=with_fr))

    # A file without the French column leaves the French title as it is.
    result = products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp")]))
    assert result.unchanged == 1
    assert record("IMP-001").product.title_fr == "Pomme"
    with translation.override("fr"):
        assert record("IMP-002").product.title == "Pear"


def test_descriptions_keep_only_the_allowed_html_in_every_language(client):
    header = ("sku", "name", "price", "category_path", "description", "description_fr")
    unsafe = '<script>alert(1)</script><p onclick="alert(2)">ok</p>'
    data = csv_bytes(
        [("IMP-001", "Apple", "1", "Imp", unsafe, '<a href="javascript:alert(3)">lien</a>')],
        header=header,
    )
    products_import(file=data)

    product = record("IMP-001").product
    assert product.description_en == "<p>ok</p>"
    assert product.description == "<p>ok</p>"
    assert product.description_fr == '<a rel="noopener noreferrer nofollow">lien</a>'
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<p>ok</p>" in html
    assert "alert(" not in html
    # Cleaning is stable: the same file again changes nothing.
    assert products_import(file=data).unchanged == 1


def test_the_import_writes_english_whatever_the_active_language():
    with translation.override("fr"):
        products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Racine")]))
    product = record("IMP-001").product
    assert product.title_en == "Apple" and not product.title_fr
    assert Category.objects.get(name_en="Imp Racine").name_en == "Imp Racine"


# --- Variants --------------------------------------------------------------------------------


def test_variants_become_children_of_their_parent():
    data = csv_bytes(
        [
            ("IMP-SHIRT-S", "Shirt S", "12.00", "", "3", "IMP-SHIRT"),
            ("IMP-SHIRT", "Shirt", "", "Imp Root/Shirts", "", ""),
            ("IMP-SHIRT-M", "Shirt M", "13.00", "Imp Root/Tops", "4", "IMP-SHIRT"),
        ],
        header=("sku", "name", "price", "category_path", "stock", "parent_sku"),
    )

    result = products_import(file=data)

    assert (result.created, result.failed) == (3, 0)
    parent = Product.objects.get(upc="IMP-SHIRT")
    assert parent.is_parent
    assert not parent.stockrecords.exists()
    children = {child.upc: child for child in parent.children.all()}
    assert set(children) == {"IMP-SHIRT-S", "IMP-SHIRT-M"}
    for child in children.values():
        assert child.is_child and child.product_class is None
        assert not child.categories.exists()
    assert record("IMP-SHIRT-S").price == Decimal("12.00")
    assert record("IMP-SHIRT-M").num_in_stock == 4
    # The variant's category goes to its parent.
    assert category_names(parent) == {("Imp Root", "Shirts"), ("Imp Root", "Tops")}


def test_a_variant_of_a_parent_already_in_the_catalogue():
    products_import(
        file=csv_bytes(
            [("IMP-SHIRT", "Shirt", "", "Imp Root", ""), ("IMP-S", "S", "1", "", "IMP-SHIRT")],
            header=("sku", "name", "price", "category_path", "parent_sku"),
        )
    )
    result = products_import(
        file=csv_bytes(
            [("IMP-M", "M", "1", "", "IMP-SHIRT")],
            header=("sku", "name", "price", "category_path", "parent_sku"),
        )
    )
    assert (result.created, result.failed) == (1, 0)
    assert Product.objects.get(upc="IMP-M").parent.upc == "IMP-SHIRT"


def test_a_standalone_product_with_stock_cannot_become_a_parent():
    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root")]))
    result = products_import(
        file=csv_bytes(
            [("IMP-002", "Apple small", "1", "", "IMP-001")],
            header=("sku", "name", "price", "category_path", "parent_sku"),
        )
    )
    assert errors_of(result) == [(2, "parent_sku")]
    assert Product.objects.get(upc="IMP-001").is_standalone


def test_variants_of_a_bad_parent_row_name_that_row():
    result = products_import(
        file=csv_bytes(
            [("IMP-SHIRT", "", "", "Imp Root", ""), ("IMP-S", "S", "1", "", "IMP-SHIRT")],
            header=("sku", "name", "price", "category_path", "parent_sku"),
        )
    )
    assert errors_of(result) == [(2, "name"), (3, "parent_sku")]
    assert "row 2" in result.errors[1].message


def test_a_variant_cannot_have_variants():
    result = products_import(
        file=csv_bytes(
            [
                ("IMP-A", "A", "", "Imp Root", ""),
                ("IMP-B", "B", "1", "", "IMP-A"),
                ("IMP-C", "C", "1", "", "IMP-B"),
            ],
            header=("sku", "name", "price", "category_path", "parent_sku"),
        )
    )
    assert errors_of(result) == [(4, "parent_sku")]


# --- Search and queries ----------------------------------------------------------------------


def test_one_search_flush_per_import_whatever_its_size(django_capture_on_commit_callbacks):
    from search.models import PendingIndexChange

    rows = [(f"IMP-{n:03}", f"Product {n}", "1", "Imp Root/Leaf") for n in range(30)]
    with (
        mock.patch("search.tasks.search_index_flush.delay") as flush,
        django_capture_on_commit_callbacks(execute=True),
    ):
        products_import(file=csv_bytes(rows))

    assert flush.call_count == 1
    ids = set(Product.objects.filter(upc__startswith="IMP-").values_list("pk", flat=True))
    recorded = set(
        PendingIndexChange.objects.filter(kind=PendingIndexChange.Kind.PRODUCT).values_list(
            "object_id", flat=True
        )
    )
    assert ids <= recorded


def test_an_unchanged_import_records_nothing_for_search():
    from search.models import PendingIndexChange

    data = csv_bytes([("IMP-001", "Apple", "1", "Imp Root")])
    products_import(file=data)
    PendingIndexChange.objects.all().delete()

    products_import(file=data)

    assert not PendingIndexChange.objects.exists()


def _queries_for(count: int, prefix: str) -> int:
    header = ("sku", "name", "price", "category_path", "stock", "name_fr")
    rows = [
        (f"{prefix}-{n:04}", f"Product {n}", "1.50", "Imp Root/Bulk", "2", f"Produit {n}")
        for n in range(count)
    ]
    with CaptureQueriesContext(connection) as queries:
        result = products_import(file=csv_bytes(rows, header=header))
    assert result.created == count
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows():
    _queries_for(5, "IMP-WARM")  # creates the category and the product type
    small = _queries_for(20, "IMP-SMALL")
    large = _queries_for(200, "IMP-LARGE")
    # Bulk statements only: a few more batches (SQLite caps a statement's parameters), far
    # fewer than one query per 10 extra rows.
    assert large - small < (200 - 20) // 10, (small, large)


def test_falling_to_the_low_stock_threshold_queues_one_alert():
    from commerce.outbox.models import TaskMessage

    header = ("sku", "name", "price", "category_path", "stock")
    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root", "10")], header=header))
    StockRecord.objects.filter(partner_sku="IMP-001").update(low_stock_threshold=5)

    products_import(file=csv_bytes([("IMP-001", "Apple", "1", "Imp Root", "4")], header=header))

    alerts = TaskMessage.objects.filter(task="commerce.partner.tasks.stock_low_alert")
    assert [m.kwargs for m in alerts] == [{"stockrecord_id": record("IMP-001").pk}]
    assert record("IMP-001").movements.filter(quantity=-6, reason="import").exists()
