"""The OpenAPI schema at /api/schema/ is valid and documents the shop's API; its docs pages load."""

import pytest
from openapi_spec_validator import validate


@pytest.fixture(autouse=True)
def _spectacular_schema_class(settings):
    # drf-spectacular reads every view through its AutoSchema.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    }


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Nexus Commerce API"
    validate(schema)


def test_schema_is_served_as_yaml_by_default(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "openapi" in response["Content-Type"]
    assert response.content.startswith(b"openapi: 3.")


@pytest.mark.parametrize(
    "path",
    [
        # django-oscar-api's
        "/api/basket/",
        "/api/products/",
        "/api/products/{id}/",
        "/api/orders/",
        # ours
        "/api/checkout/",
        "/api/orders/{id}/payment/",
        "/api/search/",
        "/api/search/suggest/",
        "/api/account/notifications/",
    ],
)
def test_schema_documents_path(schema, path):
    assert path in schema["paths"]


def test_schema_leaves_out_format_suffixes_and_wagtail(schema):
    assert not [path for path in schema["paths"] if path.endswith("{format}")]
    assert not [path for path in schema["paths"] if path.startswith(("/api/cms/", "/cms/"))]


def _ref(schema, node):
    name = node["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]


def test_checkout_documents_request_and_responses(schema):
    post = schema["paths"]["/api/checkout/"]["post"]
    request = _ref(schema, post["requestBody"]["content"]["application/json"]["schema"])
    assert {"basket", "shipping_address", "payment_method", "phone"} <= set(request["properties"])

    created = _ref(schema, post["responses"]["201"]["content"]["application/json"]["schema"])
    assert {"number", "status", "total_incl_tax", "payment_url", "payment"} <= set(
        created["properties"]
    )
    payment = _ref(schema, created["properties"]["payment"]["allOf"][0])
    assert set(payment["properties"]) == {"provider", "reference", "redirect_url"}

    for code in ("400", "403", "409", "422"):
        error = _ref(schema, post["responses"][code]["content"]["application/json"]["schema"])
        assert set(error["properties"]) == {"code", "message", "errors"}
    assert "Idempotency-Key" in [p["name"] for p in post["parameters"]]


def test_search_documents_parameters_and_results(schema):
    search = schema["paths"]["/api/search/"]["get"]
    assert {"q", "category", "min_price", "max_price", "sort", "page", "page_size"} <= {
        p["name"] for p in search["parameters"]
    }
    results = _ref(schema, search["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"count", "results", "facets"} <= set(results["properties"])

    suggest = schema["paths"]["/api/search/suggest/"]["get"]
    assert {"q", "limit"} <= {p["name"] for p in suggest["parameters"]}


def test_notification_preferences_document_read_and_update(schema):
    operations = schema["paths"]["/api/account/notifications/"]
    assert {"get", "put", "patch"} <= set(operations)
    body = operations["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert "phone_number" in _ref(schema, body)["properties"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"/api/schema/" in response.content


def test_the_schema_generates_without_a_warning(tmp_path):
    from django.core.management import call_command

    # Every view's request and response bodies are known: a new view spectacular cannot read
    # fails here rather than silently vanishing from the schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


# --- Every status an operation can answer is declared ----------------------------------------

ERROR_STATUSES = {"400", "401", "403", "404", "409", "415", "422", "429", "502"}


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_every_operation_declares_the_errors_the_api_can_answer(schema):
    missing = []
    for path, method, operation in _operations(schema):
        expected = {"401", "429"}  # credentials, throttling: everywhere but below
        if (path, method) in NEVER_THROTTLED:
            expected.discard("429")
        if "{" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
            expected.add("404")
        if method in {"post", "put", "patch"}:
            expected |= {"400", "403"}  # a body to validate; CSRF for session callers
        if method == "delete":
            expected.add("403")
        absent = expected - set(operation["responses"])
        if absent:
            missing.append((method.upper(), path, sorted(absent)))
    assert missing == []


# Reading the session and signing out are no sign-in attempts: never throttled.
NEVER_THROTTLED = {("/api/login/", "get"), ("/api/login/", "delete")}


def test_only_signing_in_on_the_session_declares_the_sign_in_throttle(schema):
    login = schema["paths"]["/api/login/"]

    assert "429" in login["post"]["responses"]
    assert "429" not in login["get"]["responses"]
    assert "429" not in login["delete"]["responses"]


def test_guarded_reads_declare_403(schema):
    for path in ("/api/orders/{id}/", "/api/baskets/{id}/", "/api/account/profile/"):
        assert "403" in schema["paths"][path]["get"]["responses"], path
    # A public read is never refused for permissions.
    assert "403" not in schema["paths"]["/api/products/{id}/"]["get"]["responses"]


def test_every_error_response_is_the_error_format(schema):
    for path, method, operation in _operations(schema):
        for status, response in operation["responses"].items():
            if status not in ERROR_STATUSES or status == "422" and "content" not in response:
                continue
            body = response["content"]["application/json"]["schema"]
            assert set(_ref(schema, body)["properties"]) == {"code", "message", "errors"}, (
                method,
                path,
                status,
            )


def test_basket_actions_document_their_own_errors(schema):
    add_product = schema["paths"]["/api/basket/add-product/"]["post"]
    body = _ref(schema, add_product["requestBody"]["content"]["application/json"]["schema"])
    assert {"url", "quantity"} <= set(body["properties"])
    assert {"400", "409"} <= set(add_product["responses"])
    add_voucher = schema["paths"]["/api/basket/add-voucher/"]["post"]
    body = _ref(schema, add_voucher["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["properties"]) == {"vouchercode"}
    # A basket has nothing a caller may write: no request body, and 400 documented.
    for method in ("put", "patch"):
        operation = schema["paths"]["/api/baskets/{id}/"][method]
        assert "requestBody" not in operation
        assert "400" in operation["responses"]


# --- Answers match the schema, nulls included -------------------------------------------------


def _json_schema(node):
    """OpenAPI 3.0's ``nullable`` as JSON Schema (``anyOf`` with null), as schemathesis reads it."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _assert_matches(schema, path, method, response):
    from jsonschema import Draft202012Validator

    declared = schema["paths"][path][method]["responses"]
    assert str(response.status_code) in declared, (path, response.status_code)
    body_schema = declared[str(response.status_code)]["content"]["application/json"]["schema"]
    root = _json_schema({**body_schema, "components": schema["components"]})
    Draft202012Validator(root).validate(response.json())


@pytest.mark.django_db
def test_the_price_of_a_product_without_a_price_matches_the_schema(schema, client):
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    unpriced = Product.objects.filter(stockrecords__isnull=True).first()
    response = client.get(f"/api/products/{unpriced.pk}/price/")
    assert response.status_code == 200
    assert response.json()["excl_tax"] is None
    _assert_matches(schema, "/api/products/{id}/price/", "get", response)


@pytest.mark.django_db
def test_orders_without_addresses_match_the_schema(schema, client):
    from django.contrib.auth import get_user_model

    from testkit.factories.order import order_place

    customer = get_user_model().objects.create_user(username="o", email="o@example.org")
    order_place(user=customer)
    client.force_login(customer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/api/orders/")
    assert response.status_code == 200
    assert response.json()["results"][0]["shipping_address"] is None
    _assert_matches(schema, "/api/orders/", "get", response)
    order_url = response.json()["results"][0]["url"]
    _assert_matches(schema, "/api/orders/{id}/", "get", client.get(order_url))
