"""Every API URL, walked as two customers, a staff user and an anonymous caller.

Each named API route must be classified below; a new route that is not fails this test until
someone decides who may use it. Customer A owns the objects in the URLs; customer B must never
read or change them.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from oscar.core.loading import get_model

from testkit.factories.order import order_place
from testkit.factories.partner import stocked_stockrecord

User = get_model("auth", "User")
Basket = get_model("basket", "Basket")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
WishList = get_model("wishlists", "WishList")

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone may read
CALLER = "caller"  # answers about the caller only; never another customer's data
OWNER = "owner"  # an object of customer A in the URL: A only
STAFF = "staff"  # staff only
FLOW = "flow"  # sign-in, webhooks, schema: no private data behind them

ROUTES: dict[str, str] = {
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "api-redoc": PUBLIC,
    "api-search": PUBLIC,
    "api-search-suggest": PUBLIC,
    "product-list": PUBLIC,
    "product-detail": PUBLIC,
    "product-price": PUBLIC,
    "product-availability": PUBLIC,
    "product-stockrecords": PUBLIC,
    "product-stockrecord-detail": PUBLIC,
    "option-list": PUBLIC,
    "option-detail": PUBLIC,
    "range-list": PUBLIC,
    "range-detail": PUBLIC,
    "category-list": PUBLIC,
    "category-detail": PUBLIC,
    "category-child-list": PUBLIC,
    "country-list": PUBLIC,
    "country-detail": PUBLIC,
    "api-token": FLOW,
    "api-token-refresh": FLOW,
    "api-token-verify": FLOW,
    "api-login": FLOW,
    "api-register": FLOW,
    "payment-webhook": FLOW,
    "api-checkout": FLOW,
    "api-basket": CALLER,
    "api-basket-add-product": CALLER,
    "api-basket-add-voucher": CALLER,
    "api-basket-shipping-methods": CALLER,
    "order-list": CALLER,
    "useraddress-list": CALLER,
    "api-account-notifications": CALLER,
    "basket-detail": OWNER,
    "basket-lines-list": OWNER,
    "basket-line-detail": OWNER,
    "lineattribute-detail": OWNER,
    "order-detail": OWNER,
    "order-lines-list": OWNER,
    "order-lines-detail": OWNER,
    "order-lineattributes-detail": OWNER,
    "api-payment": OWNER,
    "useraddress-detail": OWNER,
    "user-detail": OWNER,
    # django-oscar-api lists baskets for staff; a customer gets an empty list.
    "basket-list": CALLER,
    "admin-category-bulk": STAFF,
    # Account
    "api-account-register": FLOW,
    "api-account-verify-email": FLOW,
    "api-account-password-reset": FLOW,
    "api-account-password-reset-confirm": FLOW,
    "api-account-profile": CALLER,
    "api-account-wishlists": CALLER,
    "api-account-reviews": CALLER,
    "api-account-order-list": CALLER,
    "api-account-wishlist": OWNER,
    "api-account-wishlist-lines": OWNER,
    "api-account-wishlist-line": OWNER,
    "api-account-order-detail": OWNER,
    # Catalogue
    "api-catalogue-products": PUBLIC,
    "api-category-tree": PUBLIC,
    "api-category-average-price": PUBLIC,
    # Product import (staff who may import products)
    "api-product-import": STAFF,
    "api-product-import-detail": STAFF,
    "api-product-reviews": PUBLIC,
}


def api_routes() -> dict[str, str]:
    """URL name -> one route pattern, for every named route under /api/ (not Wagtail's)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if route.startswith("api/") and not route.startswith("api/cms/"):
                    found.setdefault(pattern.name, route)

    walk(get_resolver().url_patterns)
    return found


def test_every_api_route_is_classified():
    unclassified = sorted(set(api_routes()) - set(ROUTES))
    assert unclassified == [], f"classify these API routes in ROUTES: {unclassified}"


@pytest.fixture
def world(client):
    """Customer A with a basket line, an order and an address; customer B; a staff user."""
    alice = User.objects.create_user(username="alice", email="alice@example.org", password="a-1-x")
    bob = User.objects.create_user(username="bob", email="bob@example.org", password="b-1-x")
    staff = User.objects.get(email="merchandiser@example.com")
    record = stocked_stockrecord(minimum=2)

    as_alice = client_for(alice)
    basket = as_alice.get("/api/basket/").json()
    as_alice.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{record.product_id}/", "quantity": 1},
        content_type="application/json",
    )
    basket_row = Basket.objects.get(pk=basket["id"])
    line = basket_row.lines.get()
    order = order_place(user=alice)
    wishlist = WishList.objects.create(owner=alice, name="Alice's list")
    wishlist_line = wishlist.lines.create(product=record.product, title=record.product.get_title())
    address = UserAddress.objects.create(
        user=alice,
        first_name="Alice",
        last_name="A",
        line1="1 rue A",
        line4="Paris",
        postcode="75001",
        country=Country.objects.get(iso_3166_1_a2="FR"),
    )
    return {
        "alice": alice,
        "bob": bob,
        "staff": staff,
        "values": {
            "basket-detail": {"pk": basket_row.pk},
            "basket-lines-list": {"pk": basket_row.pk},
            "basket-line-detail": {"basket_pk": basket_row.pk, "pk": line.pk},
            "lineattribute-detail": {"basket_pk": basket_row.pk, "line_pk": line.pk, "pk": 1},
            "order-detail": {"pk": order.pk},
            "order-lines-list": {"pk": order.pk},
            "order-lines-detail": {"pk": order.lines.first().pk},
            "order-lineattributes-detail": {"pk": 1},
            "api-payment": {"pk": order.pk},
            "useraddress-detail": {"pk": address.pk},
            "user-detail": {"pk": alice.pk},
            "api-account-wishlist": {"key": wishlist.key},
            "api-account-wishlist-lines": {"key": wishlist.key},
            "api-account-wishlist-line": {"key": wishlist.key, "line_id": wishlist_line.pk},
            "api-account-order-detail": {"number": order.number},
        },
        "order": order,
        "address": address,
    }


def concrete(route: str, values: dict) -> str:
    url = "/" + route
    for name, value in values.items():
        # Regular-expression routes first: (?P<name>...), then path converters: <int:name>.
        url = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), url)
        url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
    return url.replace("^", "").replace("$", "")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


REFUSED = {401, 403, 404}
# Query strings some public routes need.
PUBLIC_QUERIES = {"api-search-suggest": "?q=phone"}


def refused(response) -> bool:
    """Refused, or answered with nothing at all (an empty list, oscarapi's 204 for users)."""
    if response.status_code in REFUSED | {405, 204}:
        return True
    if response.status_code != 200:
        return False
    body = response.json()
    # A bounded list answers [], a paged one no results.
    return body == [] if isinstance(body, list) else body.get("count") == 0


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == OWNER))
def test_another_customers_objects_are_out_of_reach(world, name):
    route = api_routes()[name]
    url = concrete(route, world["values"][name])
    for user in (world["bob"], None):
        visitor = client_for(user)
        for method in ("get", "put", "patch", "delete"):
            response = getattr(visitor, method)(url, {}, content_type="application/json")
            assert refused(response), (name, method, user, response.status_code, response.content)
    owner = client_for(world["alice"]).get(url)
    assert owner.status_code < 500, (name, owner.content)
    world["order"].refresh_from_db()
    assert UserAddress.objects.filter(pk=world["address"].pk).exists()
    assert WishList.objects.filter(owner=world["alice"]).exists()


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == STAFF))
def test_staff_routes_refuse_customers(world, name):
    url = concrete(api_routes()[name], {})
    for user in (world["bob"], None):
        for method in ("get", "post"):
            response = getattr(client_for(user), method)(url, {}, content_type="application/json")
            assert response.status_code in {401, 403, 405}, (name, method, response.content)


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == CALLER))
def test_caller_routes_never_show_another_customers_data(world, name):
    url = concrete(api_routes()[name], {})
    response = client_for(world["bob"]).get(url)
    assert response.status_code < 500, (name, response.content)
    body = response.content.decode()
    assert str(world["order"].number) not in body
    assert "1 rue A" not in body
    assert "alice@example.org" not in body


@pytest.fixture
def public_values(db):
    """Ids for the public routes that take one: demo objects anyone may read."""
    record = stocked_stockrecord(minimum=1)
    category = get_model("catalogue", "Category").objects.filter(is_public=True).first()
    option = get_model("catalogue", "Option").objects.create(name="Engraving")
    offer_range = get_model("offer", "Range").objects.create(name="Everything", is_public=True)
    product = {"pk": record.product_id}
    return {
        "product-detail": product,
        "product-price": product,
        "product-availability": product,
        "product-stockrecords": product,
        "product-stockrecord-detail": {"product_pk": record.product_id, "pk": record.pk},
        "api-product-reviews": product,
        "category-detail": {"pk": category.pk},
        "api-category-average-price": {"pk": category.pk},
        "category-child-list": {"breadcrumbs": category.full_slug},
        "country-detail": {"pk": "FR"},
        "option-detail": {"pk": option.pk},
        "range-detail": {"pk": offer_range.pk},
    }


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == PUBLIC))
def test_public_routes_answer_anyone(world, public_values, name):
    route = api_routes()[name]
    url = concrete(route, public_values.get(name, {})) + PUBLIC_QUERIES.get(name, "")
    response = Client().get(url)
    assert response.status_code == 200, (name, url, response.content[:200])


# Answers that are a list by nature, not a collection to page through.
NOT_COLLECTIONS = {"api-basket-shipping-methods"}
# django-oscar-api's lists that stay short whatever the shop's size (one basket's or one order's
# lines, one product's stock records, one caller's baskets or addresses, the options, the
# countries, one level of the category tree): answered whole, as django-oscar-api answers them,
# so that its clients keep working (docs/api.md, "Differences from django-oscar-api").
BOUNDED_LISTS = {
    "basket-list",
    "basket-lines-list",
    "category-list",
    "category-child-list",
    "country-list",
    "option-list",
    "order-lines-list",
    "product-stockrecords",
    "useraddress-list",
}


def _list_answer(world, public_values, name):
    url = concrete(api_routes()[name], public_values.get(name, {}))
    response = client_for(world["alice"]).get(url + PUBLIC_QUERIES.get(name, ""))
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return None
    return response.json()


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n, kind in ROUTES.items()
        if kind in (PUBLIC, CALLER) and n not in NOT_COLLECTIONS | BOUNDED_LISTS
    ),
)
def test_every_list_that_can_grow_is_paginated(world, public_values, name):
    body = _list_answer(world, public_values, name)
    if body is None:
        return
    assert not isinstance(body, list), f"{name} answers a bare list: paginate it"
    if "results" in body:
        assert {"count", "next", "previous"} <= set(body), name


@pytest.mark.parametrize("name", sorted(BOUNDED_LISTS))
def test_django_oscar_api_bounded_lists_answer_a_plain_list(world, public_values, name):
    values = {**world["values"], **public_values}
    url = concrete(api_routes()[name], values.get(name, {}))
    response = client_for(world["alice"]).get(url + PUBLIC_QUERIES.get(name, ""))

    assert response.status_code == 200, (name, url, response.content[:200])
    assert isinstance(response.json(), list), f"{name} answers pages: a client expects a list"


@pytest.mark.parametrize("name", ["product-list", "order-list", "api-account-order-list"])
def test_lists_that_grow_answer_pages(world, public_values, name):
    body = _list_answer(world, public_values, name)

    assert isinstance(body, dict), name
    assert {"count", "next", "previous", "results"} <= set(body), name


# --- Writes: every writable field of every route ---------------------------------------------


@pytest.fixture(scope="module")
def openapi() -> dict:
    """The OpenAPI schema: which operations take a body, and its writable fields."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw))


def _resolve(openapi, node: dict) -> dict:
    while "$ref" in node or "allOf" in node:
        node = node["allOf"][0] if "allOf" in node else node
        if "$ref" in node:
            node = openapi["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _operations(openapi, url: str) -> dict:
    """The schema's operations for a concrete URL (the most specific path that matches)."""
    for path in sorted(openapi["paths"], key=lambda p: p.count("{")):
        if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)), url):
            return openapi["paths"][path]
    return {}


def _fields(openapi, operation: dict, *, answer: bool = False) -> dict:
    """The request body's fields, or (answer) the fields of the success answer's body."""
    if answer:
        responses = [r for code, r in operation["responses"].items() if code.startswith("2")]
        contents = [r["content"] for r in responses if "content" in r]
    else:
        contents = [operation["requestBody"]["content"]] if "requestBody" in operation else []
    if not contents or "application/json" not in contents[0]:
        return {}
    body = _resolve(openapi, contents[0]["application/json"]["schema"])
    if body.get("type") == "array":
        body = _resolve(openapi, body.get("items", {}))
    return body.get("properties", {})


def _hostile(name: str, field: dict, targets: dict):
    """A value for ``name`` that would, if stored, reach into someone else's account or set
    what the shop computes."""
    if name in targets:
        return targets[name]
    if field.get("format") == "uri":
        return targets["basket"]
    kind = field.get("type")
    if kind == "integer":
        return targets["id"]
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {}
    if field.get("format") == "decimal":
        return "0.00"
    return "Frozen"


def _targets(world, user) -> dict:
    """Field values pointing at ``user``'s own objects."""
    basket = Basket.objects.filter(owner=user).order_by("pk").first()
    return {
        "owner": f"http://testserver/api/users/{user.pk}/",
        "user": f"http://testserver/api/users/{user.pk}/",
        "basket": f"http://testserver/api/baskets/{basket.pk}/",
        "id": basket.pk,
        "email": user.email,
        "username": user.username,
    }


WRITES = ("post", "put", "patch")
Line = get_model("basket", "Line")
Order = get_model("order", "Order")
WishListLine = get_model("wishlists", "Line")


def _stored(world, *, only=None) -> dict:
    """What the two customers (or ``only`` one) own, as stored (auto-updated timestamps left
    out)."""
    people = [only] if only else [world["alice"], world["bob"]]
    rows = {
        "users": User.objects.filter(pk__in=[u.pk for u in people]),
        "baskets": Basket.objects.filter(owner__in=people),
        "lines": Line.objects.filter(basket__owner__in=people),
        "addresses": UserAddress.objects.filter(user__in=people),
        "orders": Order.objects.filter(user__in=people),
        "wishlists": WishList.objects.filter(owner__in=people),
        "wishlist_lines": WishListLine.objects.filter(wishlist__owner__in=people),
    }
    skip = {"last_login", "date_updated"}
    return {
        name: [
            {k: v for k, v in row.items() if k not in skip} for row in query.order_by("pk").values()
        ]
        for name, query in rows.items()
    }


@pytest.fixture
def bobs_basket(world):
    basket = Basket.objects.create(owner=world["bob"])
    record = stocked_stockrecord(minimum=1)
    basket.lines.create(
        product=record.product,
        stockrecord=record,
        quantity=1,
        line_reference=f"{record.product_id}_{record.pk}",
        price_currency=record.price_currency,
    )
    return basket


def _send(client, method: str, url: str, body) -> object:
    return client.generic(method.upper(), url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == OWNER))
def test_another_customers_objects_cannot_be_written(world, bobs_basket, openapi, name):
    """Every writable field of every write on customer A's objects, as B and anonymously, each
    aimed at B's own account (hand A's basket to B, move A's line into B's basket, ...):
    refused, and nothing stored changes."""
    url = concrete(api_routes()[name], world["values"][name])
    operations = _operations(openapi, url)
    targets = _targets(world, world["bob"])
    visitors = (client_for(world["bob"]), client_for(None))
    before = _stored(world)
    for method in (m for m in WRITES if m in operations):
        fields = _fields(openapi, operations[method])
        bodies = [{f: _hostile(f, field, targets)} for f, field in fields.items()]
        bodies.append({f: _hostile(f, field, targets) for f, field in fields.items()})
        for body in bodies:
            for visitor in visitors:
                response = _send(visitor, method, url, body)
                assert response.status_code in REFUSED, (name, method, body, response.content)
    assert _stored(world) == before


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == OWNER))
def test_read_only_fields_of_ones_own_objects_are_refused_or_ignored(
    world, bobs_basket, openapi, name
):
    """A field the answer shows but the request body does not take (owner, status, totals,
    ids, ...), written by the owner, pointing at another customer: 400, or ignored (never
    stored), never a server error."""
    url = concrete(api_routes()[name], world["values"][name])
    operations = _operations(openapi, url)
    targets = _targets(world, world["bob"])
    owner = client_for(world["alice"])
    for method in (m for m in WRITES if m in operations):
        writable = _fields(openapi, operations[method])
        shown = _fields(openapi, operations.get("get", operations[method]), answer=True)
        for field_name, field in shown.items():
            if field_name in writable:
                continue
            before = _stored(world)
            body = {field_name: _hostile(field_name, field, targets)}
            response = _send(owner, method, url, body)
            assert response.status_code < 500, (name, method, body, response.content)
            if response.status_code != 400:
                assert _stored(world) == before, (name, method, body, response.status_code)


@pytest.mark.parametrize(
    "name",
    sorted(n for n, kind in ROUTES.items() if kind == CALLER and n != "api-checkout"),
)
def test_writes_about_the_caller_never_reach_another_customer(world, openapi, name):
    """Every writable field of every write on a route about the caller, as B, aimed at A's
    objects (A's basket, A as owner or user): nothing of A's changes, never a server error."""
    url = concrete(api_routes()[name], {})
    operations = _operations(openapi, url)
    targets = _targets(world, world["alice"])
    bob = client_for(world["bob"])
    before = _stored(world, only=world["alice"])
    for method in (m for m in WRITES if m in operations):
        fields = _fields(openapi, operations[method])
        bodies = [{f: _hostile(f, field, targets)} for f, field in fields.items()]
        bodies.append({f: _hostile(f, field, targets) for f, field in fields.items()})
        for body in bodies:
            response = _send(bob, method, url, body)
            assert response.status_code < 500, (name, method, body, response.content)
    assert _stored(world, only=world["alice"]) == before


# --- The basket's computed fields --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"owner": "bob"},
        {"status": "Frozen"},
        {"total_incl_tax": "0.00"},
        {"total_excl_tax": "0.00", "currency": "XXX"},
        {"offer_discounts": []},
        {"id": 1},
    ],
    ids=lambda body: ",".join(body),
)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_basket_refuses_writes_to_what_the_shop_computes(world, bobs_basket, method, body):
    alice_basket = world["values"]["basket-detail"]["pk"]
    if body.get("owner") == "bob":
        body = {"owner": f"http://testserver/api/users/{world['bob'].pk}/"}
    before = _stored(world)

    response = _send(client_for(world["alice"]), method, f"/api/baskets/{alice_basket}/", body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == set(body)
    assert _stored(world) == before
    basket = Basket.objects.get(pk=alice_basket)
    assert (basket.owner, basket.status) == (world["alice"], "Open")


def test_a_basket_line_cannot_move_to_another_basket(world, bobs_basket):
    values = world["values"]["basket-line-detail"]
    url = f"/api/baskets/{values['basket_pk']}/lines/{values['pk']}/"

    response = _send(
        client_for(world["alice"]),
        "patch",
        url,
        {"basket": f"http://testserver/api/baskets/{bobs_basket.pk}/"},
    )

    assert response.status_code == 400, response.content
    assert Line.objects.get(pk=values["pk"]).basket_id == values["basket_pk"]
    assert bobs_basket.lines.count() == 1


def test_a_basket_line_quantity_can_still_change(world):
    values = world["values"]["basket-line-detail"]
    url = f"/api/baskets/{values['basket_pk']}/lines/{values['pk']}/"

    response = _send(client_for(world["alice"]), "patch", url, {"quantity": 2})

    assert response.status_code == 200, response.content
    assert Line.objects.get(pk=values["pk"]).quantity == 2
