"""demo_load against the real database: what it builds, and that loading again changes nothing."""

import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from oscar.core.loading import get_class, get_model
from PIL import Image
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site

from cms.models import HomePage, HomePageFeaturedProduct
from commerce.demo import data, services
from commerce.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load, demo_progress_total

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")
Country = get_model("address", "Country")
OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")
User = get_user_model()

DEMO_SKUS = [spec.sku for spec in data.PRODUCTS]
VARIANT_SKUS = [variant.sku for spec in data.PRODUCTS for variant in spec.variants]

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary():
    return demo_load()


def _table_counts() -> dict[str, int]:
    models = (
        Product,
        ProductClass,
        ProductCategory,
        ProductImage,
        ProductAttributeValue,
        Category,
        StockRecord,
        Partner,
        Country,
        OrderAndItemCharges,
        User,
        User.groups.through,
        Group,
        GroupPagePermission,
        Page,
        Revision,
        HomePageFeaturedProduct,
        Site,
        Locale,
    )
    return {model._meta.label: model._default_manager.count() for model in models}


def _demo_image_files() -> list[str]:
    # Oscar's upload folder is dated ("images/products/%Y/%m/"): walk from its fixed part.
    root = settings.OSCAR_IMAGE_FOLDER.split("%")[0].rstrip("/")
    found = []

    def walk(path):
        directories, files = default_storage.listdir(path)
        found.extend(f"{path}/{name}" for name in files)
        for directory in directories:
            walk(f"{path}/{directory}")

    if default_storage.exists(root):
        walk(root)
    return found


# --- Data ---------------------------------------------------------------------------------------


def test_data_references_are_consistent():
    skus = set(DEMO_SKUS)
    assert set(data.FEATURED_SKUS) <= skus
    assert data.OUT_OF_STOCK_SKUS <= skus | set(VARIANT_SKUS)
    assert not data.OUT_OF_STOCK_SKUS & set(data.FEATURED_SKUS)
    leaves = {path for path in data.category_paths() if len(path) == 3}
    assert {spec.category for spec in data.PRODUCTS} <= leaves
    assert [account.email for account in DEMO_ACCOUNTS] == [
        "admin@example.com",
        "merchandiser@example.com",
        "editor@example.com",
        "customer@example.com",
    ]


# --- Catalogue ----------------------------------------------------------------------------------


def test_category_tree_is_three_levels_deep(summary):
    android = Category.objects.get(name="Android")
    assert android.full_name == "Phones & Tablets > Smartphones > Android"
    assert Category.objects.aggregate(Max("depth"))["depth__max"] == 3
    # Every demo product hangs on a third-level category.
    depths = set(
        ProductCategory.objects.filter(product__upc__in=DEMO_SKUS).values_list(
            "category__depth", flat=True
        )
    )
    assert depths == {3}
    assert summary.categories == len(data.category_paths())


def test_catalogue_has_sixty_products_with_parents_and_variants(summary):
    browsable = Product.objects.filter(upc__in=DEMO_SKUS, parent__isnull=True, is_public=True)
    assert browsable.count() >= 60

    parents = Product.objects.filter(upc__in=DEMO_SKUS, structure=Product.PARENT)
    assert parents.count() >= 3
    for parent in parents:
        assert parent.children.count() >= 2, parent
        assert parent.product_class.attributes.exists()

    phone = Product.objects.get(upc="PH-NIMBUS-ONE-12")
    storages = [child.attr.storage for child in phone.children.order_by("stockrecords__price")]
    assert storages == ["128 GB", "256 GB", "512 GB"]
    shirt = Product.objects.get(upc="TS-CREW-NAVY-M")
    assert (shirt.parent.upc, shirt.attr.size, shirt.attr.colour) == ("TS-CREW", "M", "Navy")

    # A stand-alone product class too, with attributes of its own.
    book = Product.objects.get(upc="BK-COLD-LEDGER")
    assert book.structure == Product.STANDALONE
    assert book.attr.author == "Marcus Okafor"
    assert summary.products == len(data.PRODUCTS)


def test_every_purchasable_product_has_a_priced_stock_record(summary):
    partner = Partner.objects.get(name="Nexus Demo Store")
    purchasable = Product.objects.filter(upc__in=DEMO_SKUS + VARIANT_SKUS).exclude(
        structure=Product.PARENT
    )
    standalone = [spec for spec in data.PRODUCTS if not spec.is_parent]
    assert purchasable.count() == len(standalone) + len(VARIANT_SKUS)
    for product in purchasable:
        record = product.stockrecords.get(partner=partner)
        assert record.partner_sku == product.upc
        assert record.price > Decimal("0")
        assert record.price_currency == settings.OSCAR_DEFAULT_CURRENCY
    levels = list(
        StockRecord.objects.filter(product__in=purchasable).values_list("num_in_stock", flat=True)
    )
    assert len(levels) == purchasable.count() == summary.stock_records
    assert levels.count(0) == len(data.OUT_OF_STOCK_SKUS)
    assert all(5 <= level <= 50 for level in levels if level)
    assert not StockRecord.objects.filter(product__structure=Product.PARENT).exists()


def test_out_of_stock_products_cannot_be_bought_and_the_others_can(summary):
    strategy = get_class("partner.strategy", "Selector")().strategy()
    sold_out = Product.objects.get(upc="LT-CORVID-RAPTOR-17-LAPTOP")
    in_stock = Product.objects.get(upc="LT-LUMEN-AIR-13-LAPTOP")
    assert not strategy.fetch_for_product(sold_out).availability.is_available_to_buy
    assert strategy.fetch_for_product(in_stock).availability.is_available_to_buy
    # A parent is priced at its entry-level variant.
    phone = Product.objects.get(upc="PH-AURORA-X5-PRO")
    assert strategy.fetch_for_parent(phone).price.excl_tax == Decimal("699.00")


def test_each_parent_and_standalone_product_has_one_image(summary):
    for product in Product.objects.filter(upc__in=DEMO_SKUS).prefetch_related("images"):
        assert len(product.images.all()) == 1, product
    assert summary.images == len(data.PRODUCTS)
    assert not ProductImage.objects.filter(product__upc__in=VARIANT_SKUS).exists()

    image = ProductImage.objects.get(product__upc="TS-CREW")
    with image.original.open("rb") as handle, Image.open(handle) as picture:
        assert (picture.format, picture.size) == ("JPEG", (600, 600))


# --- Shop settings ------------------------------------------------------------------------------


def test_shipping_methods_are_offered_at_checkout(summary):
    standard = OrderAndItemCharges.objects.get(code="standard")
    assert (standard.name, standard.price_per_order) == ("Standard delivery", Decimal("4.90"))
    assert standard.free_shipping_threshold == Decimal("50.00")
    express = OrderAndItemCharges.objects.get(code="express")
    assert (express.name, express.price_per_order) == ("Express delivery", Decimal("12.00"))

    repository = get_class("shipping.repository", "Repository")()
    offered = repository.get_available_shipping_methods(basket=None)
    assert [method.code for method in offered] == ["standard", "express"]


@pytest.mark.parametrize(
    ("alpha2", "alpha3", "numeric"),
    [
        ("FR", "FRA", "250"),
        ("GB", "GBR", "826"),
        ("US", "USA", "840"),
        ("BE", "BEL", "056"),
        ("CA", "CAN", "124"),
        ("ET", "ETH", "231"),
        ("CD", "COD", "180"),
        ("SN", "SEN", "686"),
        ("CI", "CIV", "384"),
    ],
)
def test_countries_are_shipping_countries_with_iso_codes(summary, alpha2, alpha3, numeric):
    country = Country.objects.get(iso_3166_1_a2=alpha2)
    assert (country.iso_3166_1_a3, country.iso_3166_1_numeric) == (alpha3, numeric)
    assert country.is_shipping_country


# --- Content ------------------------------------------------------------------------------------


def test_home_page_is_the_live_root_of_the_default_site(summary):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "localhost",
        80,
        settings.WAGTAIL_SITE_NAME,
    )
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.live and home.live_revision_id is not None
    assert home.get_parent().depth == 1
    assert home.hero_title

    featured = [item.product for item in home.featured_products.all()]
    assert [product.upc for product in featured] == list(data.FEATURED_SKUS)
    strategy = get_class("partner.strategy", "Selector")().strategy()
    for product in featured:
        info = (
            strategy.fetch_for_parent(product)
            if product.is_parent
            else strategy.fetch_for_product(product)
        )
        assert info.availability.is_available_to_buy, product
    # Wagtail's placeholder page is gone rather than left next to the real home page.
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_home_page_renders_the_featured_products(summary, client):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Featured products" in html
    for sku in data.FEATURED_SKUS:
        assert Product.objects.get(upc=sku).get_absolute_url() in html
    assert "699.00" in html  # the phone card shows its entry-level price


# --- Accounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_demo_accounts_sign_in_with_the_demo_password(summary, account):
    by_email = authenticate(email=account.email, password=DEMO_PASSWORD)
    assert by_email is not None and by_email.email == account.email
    assert authenticate(username=by_email.username, password=DEMO_PASSWORD) == by_email
    assert authenticate(email=account.email, password="wrong-password") is None


def test_demo_accounts_hold_their_roles(summary):
    def groups(email):
        return set(User.objects.get(email=email).groups.values_list("name", flat=True))

    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser and admin.is_staff
    merchandiser = User.objects.get(email="merchandiser@example.com")
    assert merchandiser.is_staff and not merchandiser.is_superuser
    assert groups("merchandiser@example.com") == {"Merchandisers"}
    assert merchandiser.has_perm("catalogue.change_product")
    editor = User.objects.get(email="editor@example.com")
    assert not editor.is_staff
    assert groups("editor@example.com") == {"Editors"}
    assert editor.has_perm("wagtailadmin.access_admin")
    customer = User.objects.get(email="customer@example.com")
    assert not customer.is_staff and not customer.is_superuser
    assert groups("customer@example.com") == set()


# --- Idempotence and safety ---------------------------------------------------------------------


def test_second_load_changes_nothing():
    demo_load()
    counts = _table_counts()
    stamps = (
        Product.objects.aggregate(Max("date_updated"))["date_updated__max"],
        StockRecord.objects.aggregate(Max("date_updated"))["date_updated__max"],
    )
    passwords = dict(User.objects.values_list("email", "password"))
    files = sorted(_demo_image_files())

    again = demo_load()

    assert (again.created, again.updated, again.changed) == (0, 0, False)
    assert _table_counts() == counts
    assert (
        Product.objects.aggregate(Max("date_updated"))["date_updated__max"],
        StockRecord.objects.aggregate(Max("date_updated"))["date_updated__max"],
    ) == stamps
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert sorted(_demo_image_files()) == files


def test_reload_repairs_the_demo_but_keeps_stock_levels():
    demo_load()
    record = StockRecord.objects.get(partner_sku="BK-COLD-LEDGER")
    record.price, record.num_in_stock = Decimal("1.00"), 3
    record.save()
    ProductImage.objects.filter(product__upc="BK-COLD-LEDGER").delete()
    customer = User.objects.get(email="customer@example.com")
    customer.set_password("changed-by-the-customer")
    customer.save()
    OrderAndItemCharges.objects.filter(code="express").delete()

    summary = demo_load()

    assert summary.changed
    record.refresh_from_db()
    assert record.price == Decimal("10.99")
    assert record.num_in_stock == 3  # sold stock is not put back
    assert ProductImage.objects.filter(product__upc="BK-COLD-LEDGER").count() == 1
    assert authenticate(email="customer@example.com", password=DEMO_PASSWORD) is not None
    assert OrderAndItemCharges.objects.filter(code="express").exists()


def test_reload_reuses_an_identical_picture_left_in_storage():
    demo_load()
    image = ProductImage.objects.get(product__upc="BK-COLD-LEDGER")
    # The row goes and the file stays, as after a database reset. Raw SQL because deleting
    # through the ORM fires Oscar's receiver that deletes the file as well.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ProductImage._meta.db_table} WHERE id = %s", [image.pk])
    files = sorted(_demo_image_files())
    assert image.original.name in files

    demo_load()

    assert ProductImage.objects.get(product__upc="BK-COLD-LEDGER").original.name in files
    assert sorted(_demo_image_files()) == files


def test_failed_load_leaves_nothing_half_written(monkeypatch):
    demo_load()
    Country.objects.filter(iso_3166_1_a2="SN").delete()
    # A product new to this load, so that the load draws (and must then remove) its picture; a
    # fresh SKU each run so that no leftover file could be reused instead.
    extra = data.ProductSpec(
        sku=f"BK-ROLLBACK-{uuid.uuid4().hex[:8].upper()}",
        title="The Rollback",
        description="Never published.",
        product_class="book",
        category=("Books", "Fiction", "Crime & thrillers"),
        price=Decimal("9.99"),
    )
    monkeypatch.setattr(data, "PRODUCTS", (*data.PRODUCTS, extra))
    files = sorted(_demo_image_files())
    drawn = []

    def fail(**kwargs):
        drawn.extend(ProductImage.objects.filter(product__upc=extra.sku).values_list("original"))
        raise RuntimeError("the home page step failed")

    monkeypatch.setattr(services, "_sync_home_page", fail)
    with pytest.raises(RuntimeError, match="home page step failed"):
        demo_load()

    assert drawn, "the load should have reached the new product before failing"
    assert not Product.objects.filter(upc=extra.sku).exists()
    assert not Country.objects.filter(iso_3166_1_a2="SN").exists()
    # The picture drawn for the rolled-back product is removed from storage too.
    assert sorted(_demo_image_files()) == files


def test_progress_is_reported_once_per_step():
    labels = []

    demo_load(progress=labels.append)

    assert len(labels) == demo_progress_total()
    assert labels[0] == "Countries" and labels[-1] == "Home page"
    assert data.PRODUCTS[0].title in labels


@pytest.mark.django_db(transaction=True)
def test_load_after_a_database_flush_recreates_the_wagtail_root():
    # What transactional tests leave behind: every table emptied, Wagtail's root page included,
    # and only post_migrate data (content types, permissions, role groups) recreated.
    call_command("flush", interactive=False, verbosity=0)
    assert not Page.objects.exists()

    demo_load()

    root = Page.objects.get(depth=1)
    home = HomePage.objects.get()
    assert home.get_parent() == root and home.live
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert GroupPagePermission.objects.filter(group__name="Editors", page=root).exists()
    assert authenticate(email="editor@example.com", password=DEMO_PASSWORD) is not None
