"""The response cache: what it serves, to whom, and that no change waits for it to expire."""

from __future__ import annotations

import datetime
import re
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import PageViewRestriction, Site

from cms.models import ContentPage
from commerce.response_cache.middleware import HEADER
from commerce.response_cache.services import answer_lifetime
from commerce.response_cache.versions import content_version
from testkit.factories.basket import basket_add
from testkit.factories.cms import publish
from testkit.factories.partner import stocked_stockrecord
from testkit.transactions import committed

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ConditionalOffer = get_model("offer", "ConditionalOffer")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.RESPONSE_CACHE_SECONDS = 300
    settings.RESPONSE_CACHE_SHARED_MAX_AGE = 0


@pytest.fixture
def record():
    return stocked_stockrecord(minimum=3)


@pytest.fixture
def product(record):
    return record.product


def served(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get(HEADER)


def page_urls(product):
    category = product.get_categories().first()
    return ["/en/", "/en/catalogue/", category.get_absolute_url(), product.get_absolute_url()]


def api_urls(product):
    return ["/api/products/", f"/api/products/{product.pk}/", "/api/cms/pages/?fields=*"]


# --- Served from the cache ---------------------------------------------------------------------


def test_anonymous_pages_and_api_reads_are_served_from_the_cache_without_a_query(client, product):
    for url in page_urls(product) + api_urls(product) + ["/api/search/?q=coffee"]:
        first, state = served(client, url)
        assert first.status_code == 200 and state == "miss", url
        with CaptureQueriesContext(connection) as queries:
            again, state = served(client, url)
        assert state == "hit", url
        # The product page keeps the visitor's recently-viewed history: one read of it.
        assert len(queries) <= (1 if url == product.get_absolute_url() else 0), (
            url,
            [q["sql"] for q in queries],
        )
        if url.startswith("/api/"):
            assert again.content == first.content


class CacheCalls:
    """Counts the calls made to the shop's caches (each one a round trip to Redis); a call a
    backend makes inside another (local memory's get_many calls get) is not counted."""

    METHODS = ("get", "get_many", "set", "add", "incr", "set_many", "delete")

    def __init__(self, monkeypatch):
        self.calls, self.depth = [], 0
        for alias in ("default", "throttle"):
            cache = caches[alias]
            for method in self.METHODS:
                monkeypatch.setattr(
                    cache, method, self._counted(alias, method, getattr(cache, method))
                )

    def _counted(self, alias, method, call):
        def counted(*args, **kwargs):
            if not self.depth:
                self.calls.append((alias, method))
            self.depth += 1
            try:
                return call(*args, **kwargs)
            finally:
                self.depth -= 1

        return counted


def test_a_cached_answer_costs_one_cache_read_and_the_rate_limit(client, product, monkeypatch):
    for url in ("/en/catalogue/", "/api/products/"):
        client.get(url)
        with monkeypatch.context() as patch:
            counted = CacheCalls(patch)
            response = client.get(url)
        assert response[HEADER] == "hit", url
        rate_limit = [("throttle", "incr")] if url.startswith("/api/") else []
        assert counted.calls == [("default", "get_many"), *rate_limit], (url, counted.calls)


def test_what_is_not_a_catalogue_read_is_never_cached(client, product):
    for url in ("/en/basket/", "/en/accounts/login/", "/api/basket/", "/health/"):
        response, state = served(client, url)
        assert state is None, url
        assert served(client, url)[1] is None, url


def test_the_cache_turned_off_serves_everything_from_the_database(client, settings, product):
    settings.RESPONSE_CACHE_SECONDS = 0
    for url in page_urls(product) + api_urls(product):
        client.get(url)
        assert served(client, url)[1] is None, url


def test_with_the_cache_unreachable_pages_are_built_every_time(client, settings, product):
    # What the fail-open Redis cache does while Redis is down: every read misses.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    for url in page_urls(product)[:2] + api_urls(product)[:1]:
        assert client.get(url).status_code == 200
        assert served(client, url)[1] is None


def test_each_language_has_its_own_answers(client, product):
    english, _ = served(client, "/api/products/", HTTP_ACCEPT_LANGUAGE="en")
    french, state = served(client, "/api/products/", HTTP_ACCEPT_LANGUAGE="fr")
    assert state == "miss"
    assert english["Content-Language"] == "en" and french["Content-Language"] == "fr"
    assert served(client, "/en/catalogue/")[1] == "miss"
    assert served(client, "/fr/catalogue/")[1] == "miss"
    assert served(client, "/fr/catalogue/")[1] == "hit"


# --- What belongs to the visitor ---------------------------------------------------------------


def test_a_cached_page_carries_each_visitors_own_basket_and_messages(product, record):
    first_visitor, second_visitor = Client(), Client()
    url = product.get_absolute_url()
    assert served(first_visitor, url)[1] == "miss"
    # A new visitor's parts are rendered once and shared by new visitors: never with others.
    new_visitor = served(Client(), url)[0].content.decode()
    assert re.search(r"basket-mini-count[^>]*>\s*0 items", new_visitor)

    basket_add(second_visitor, product=product, quantity=2)  # also leaves a "added" message
    page, state = served(second_visitor, url)
    html = page.content.decode()
    assert state == "hit"
    assert re.search(r"basket-mini-count[^>]*>\s*2 items", html)
    assert product.title in html and 'class="alert' in html

    page, state = served(first_visitor, url)
    html = page.content.decode()
    assert state == "hit"
    assert re.search(r"basket-mini-count[^>]*>\s*0 items", html)
    assert 'class="alert' not in html


def test_a_cached_page_shows_each_visitors_own_history(product, record):
    # Oscar's history lists browsable products (no variants).
    other = Product.objects.browsable().exclude(pk__in=(product.pk, product.parent_id)).first()
    url, heading = product.get_absolute_url(), "Products you recently viewed"
    Client().get(url)
    assert heading not in served(Client(), url)[0].content.decode()

    browsing = Client()
    browsing.get(other.get_absolute_url())
    page, state = served(browsing, url)
    assert state == "hit"
    assert heading in page.content.decode()
    assert heading not in served(Client(), url)[0].content.decode()


def test_every_form_of_a_cached_page_carries_the_visitors_own_token(product):
    Client().get("/en/catalogue/")
    first, second = (served(Client(), "/en/catalogue/")[0] for _ in range(2))
    first_tokens, second_tokens = (
        set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()))
        for page in (first, second)
    )
    assert len(first_tokens) == 1 and len(second_tokens) == 1
    assert first_tokens != second_tokens


def test_forms_on_a_cached_page_carry_a_token_that_the_csrf_check_accepts(product):
    Client().get(product.get_absolute_url())  # someone else cached the page
    shopper = Client(enforce_csrf_checks=True)
    page, state = served(shopper, product.get_absolute_url())
    assert state == "hit"
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert tokens
    response = shopper.post(
        f"/en/basket/add/{product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": tokens[-1]}
    )
    assert response.status_code == 302


def test_a_cached_product_page_still_records_the_visitors_history(product, record):
    Client().get(product.get_absolute_url())
    visitor = Client()
    _, state = served(visitor, product.get_absolute_url())
    assert state == "hit"
    assert str(product.pk) in visitor.cookies["oscar_history"].value


@pytest.fixture
def two_customers(db):
    users = get_user_model()
    wholesale, retail = Group.objects.create(name="Wholesale"), Group.objects.create(name="Retail")
    first = users.objects.create_user("first", "first@example.org", "pass-123-word")
    second = users.objects.create_user("second", "second@example.org", "pass-123-word")
    first.groups.add(wholesale)
    second.groups.add(retail)
    return first, second


def test_signed_in_customers_pages_and_prices_are_never_served_to_anyone_else(
    product, two_customers
):
    first, second = two_customers
    first_client, second_client, anonymous = Client(), Client(), Client()
    first_client.force_login(first)
    second_client.force_login(second)
    for url in page_urls(product) + api_urls(product):
        mine, state = served(first_client, url)
        assert state is None and "private" in mine["Cache-Control"], url
        theirs, state = served(second_client, url)
        assert state is None, url
        assert "first@example.org" not in theirs.content.decode(), url
        public, _ = served(anonymous, url)
        assert "first@example.org" not in public.content.decode(), url
        assert "second@example.org" not in public.content.decode(), url


def test_api_calls_with_credentials_are_not_cached(client, product):
    response, state = served(client, "/api/products/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert state is None
    assert "private" in response["Cache-Control"]


def test_a_password_protected_page_is_shown_only_to_who_gave_the_password(client, home_page):
    page = home_page.add_child(instance=ContentPage(title="Members", slug="members"))
    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-word"
    )
    url = page.url
    member = Client()
    form, _ = served(member, url)
    action = re.search(r'action="([^"]+)"', form.content.decode()).group(1)
    member.post(action, {"password": "s3cret-word", "return_url": url})
    inside, state = served(member, url)
    assert state is None and "Members" in inside.content.decode()
    assert 'name="password"' not in inside.content.decode()
    outsider, _ = served(Client(), url)
    assert 'name="password"' in outsider.content.decode()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


# --- Never stale -------------------------------------------------------------------------------


def test_a_price_change_shows_on_the_next_request(client, product, record):
    for url in page_urls(product)[1:] + api_urls(product)[:2]:
        client.get(url)
    record.price = Decimal("123.45")
    record.save()
    for url in page_urls(product)[1:] + api_urls(product)[:2]:
        assert served(client, url)[1] == "miss", url
    for url in (product.get_absolute_url(), f"/api/products/{product.pk}/price/"):
        assert "123.45" in client.get(url).content.decode(), url


def test_stock_reaching_zero_shows_on_the_next_request(client, product, record):
    url = f"/api/products/{product.pk}/availability/"
    assert client.get(url).json()["is_available_to_buy"] is True
    StockRecord.objects.filter(pk=record.pk).update(num_allocated=0)
    record.refresh_from_db()
    record.num_in_stock = 0
    record.num_allocated = 0
    record.save()
    assert client.get(url).json()["is_available_to_buy"] is False


def test_a_hidden_product_is_gone_on_the_next_request(client, product):
    client.get(product.get_absolute_url())
    client.get(f"/api/products/{product.pk}/")
    product.is_public = False
    product.save()
    assert client.get(product.get_absolute_url()).status_code == 404
    assert served(client, f"/api/products/{product.pk}/")[1] == "miss"


def test_a_page_published_or_unpublished_shows_on_the_next_request(client, home_page):
    page = home_page.add_child(instance=ContentPage(title="Opening hours", slug="hours"))
    page.save_revision().publish()
    url = page.url
    client.get(url)
    publish(page.specific, title="Opening hours for winter")
    assert "Opening hours for winter" in client.get(url).content.decode()
    page.specific.unpublish()
    assert client.get(url).status_code == 404


def test_changes_move_the_version_again_once_committed(product, record):
    before = content_version()
    with committed():
        record.price = Decimal("99.00")
        record.save()
        during = content_version()
    assert before < during < content_version()


def test_an_answer_never_outlives_the_start_or_end_of_an_offer(client, product):
    everything = get_model("offer", "Range").objects.create(
        name="Everything", includes_all_products=True
    )
    condition_model, benefit_model = get_model("offer", "Condition"), get_model("offer", "Benefit")
    # Far enough ahead for the first request to be stored even on a busy machine.
    soon = timezone.now() + datetime.timedelta(seconds=5)
    ConditionalOffer.objects.create(
        name="Flash sale",
        offer_type=ConditionalOffer.SITE,
        start_datetime=soon,
        end_datetime=soon + datetime.timedelta(days=1),
        condition=condition_model.objects.create(
            range=everything, type=condition_model.COUNT, value=1
        ),
        benefit=benefit_model.objects.create(
            range=everything, type=benefit_model.PERCENTAGE, value=10
        ),
    )
    assert 0 < answer_lifetime(version=content_version()) <= 5
    url = "/en/catalogue/"
    assert served(client, url)[1] == "miss"
    assert served(client, url)[1] == "hit"
    time.sleep((soon - timezone.now()).total_seconds() + 0.2)
    assert served(client, url)[1] == "miss"
    # Next the offer ends in a day: answers live their full time again.
    assert answer_lifetime(version=content_version()) == 300


# --- HTTP caching ------------------------------------------------------------------------------


def test_api_reads_send_an_etag_and_answer_304_when_it_matches(client, product):
    url = f"/api/products/{product.pk}/"
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get("/api/products/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_public_answers_may_be_kept_by_a_cdn_and_pages_only_by_the_browser(
    client, settings, product
):
    settings.RESPONSE_CACHE_SHARED_MAX_AGE = 120
    api = client.get("/api/products/")
    assert "public" in api["Cache-Control"] and "s-maxage=120" in api["Cache-Control"]
    page = client.get("/en/catalogue/")
    assert "private" in page["Cache-Control"]
    for response in (api, page):
        vary = {name.strip().lower() for name in response["Vary"].split(",")}
        assert {"accept-language", "cookie", "authorization"} <= vary
