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
