"""Fixtures for page tests: the demo home page, priced demo products, page and offer factories."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Locale, Site

Product = get_model("catalogue", "Product")


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def fr_locale(db):
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def priced_products(db):
    """Browsable standalone products that have a stock record, hence a live price."""
    return list(
        Product.objects.browsable()
        .filter(structure=Product.STANDALONE, stockrecords__isnull=False)
        .distinct()
        .order_by("pk")[:12]
    )


@pytest.fixture
def product(priced_products):
    return priced_products[0]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.get(email="admin@example.com")


@pytest.fixture
def make_page(home):
    """Add a page under ``parent`` (home by default) and publish it unless ``publish=False``."""

    def make(page_class, *, parent=None, publish=True, **fields):
        parent = parent or home
        fields.setdefault("slug", f"test-{page_class.__name__.lower()}")
        page = parent.add_child(instance=page_class(**fields))
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_offer(db):
    def make(*, name="Ten percent off", **fields):
        product_range = get_model("offer", "Range").objects.create(
            name=f"{name} range", includes_all_products=True
        )
        condition = get_model("offer", "Condition").objects.create(
            range=product_range, type="Count", value=1
        )
        benefit = get_model("offer", "Benefit").objects.create(
            range=product_range, type="Percentage", value=10
        )
        return get_model("offer", "ConditionalOffer").objects.create(
            name=name, offer_type="Site", condition=condition, benefit=benefit, **fields
        )

    return make


@pytest.fixture
def make_voucher(db):
    def make(*, code="SPRING10", days=(-1, 10)):
        now = timezone.now()
        return get_model("voucher", "Voucher").objects.create(
            name=f"Voucher {code}",
            code=code,
            start_datetime=now + datetime.timedelta(days=days[0]),
            end_datetime=now + datetime.timedelta(days=days[1]),
        )

    return make
