"""OpenAPI 3 schema of the shop's API (drf-spectacular), served at /api/schema/.

drf-spectacular reads most views itself, and our views (and our replacements of
django-oscar-api's) declare their own answers with ``extend_schema``. This module fills in only
what cannot be declared on a view of ours: django-oscar-api's untyped fields and method fields
and its plain ``APIView``\\ s, for its classes we do not replace.

It is loaded through ``SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"]``, which drf-spectacular
imports before it inspects any view, so the extensions below are registered in time. Its
postprocessing hook (``error_responses``) adds to every operation the errors (401, 403, 404,
429, ...) that authentication, permissions, lookups and throttling can answer.
"""

from __future__ import annotations

from drf_spectacular.extensions import (
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
    OpenApiViewExtension,
)
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from oscarapi.serializers.basket import BasketLineSerializer, BasketSerializer
from oscarapi.serializers.checkout import (
    InlineBillingAddressSerializer,
    InlineShippingAddressSerializer,
    OrderOfferDiscountSerializer,
    OrderSerializer,
    OrderVoucherOfferSerializer,
    PriceSerializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from commerce.api.schema import FIELD_ERRORS

# --- Which endpoints are documented ---------------------------------------------------------

# Wagtail's API (/api/cms/ and the CMS admin's own /cms/api/) builds its serializers per request
# from its router, which drf-spectacular cannot do: it is left out of this schema.
EXCLUDED_PREFIXES = ("/api/cms/", "/cms/")


def endpoints_filter(endpoints):
    """Preprocessing hook: the API under /api/, without Wagtail's and without format suffixes.

    django-oscar-api repeats each route with a ``.json``/``.api`` suffix (``{format}``); those
    are the same operations, so only the plain routes are documented.
    """
    kept = []
    for path, path_regex, method, callback in endpoints:
        if (
            not path.startswith("/api/")
            or path.startswith(EXCLUDED_PREFIXES)
            or path.endswith("{format}")
        ):
            continue
        if path == "/api/categories/{breadcrumbs}/":
            callback = _categories_by_breadcrumbs(callback)
        kept.append((path, path_regex, method, callback))
    return kept


def _categories_by_breadcrumbs(callback):
    """django-oscar-api serves one view at /categories/ and /categories/<breadcrumbs>/: give the
    second its own operation id and describe its parameter."""

    @extend_schema_view(
        get=extend_schema(
            operation_id="categories_by_breadcrumbs_list",
            summary="The subcategories of the category at these breadcrumbs",
            parameters=[
                OpenApiParameter(
                    name="breadcrumbs",
                    type=str,
                    location=OpenApiParameter.PATH,
                    description="Category slugs from the root, separated by `/`.",
                )
            ],
        )
    )
    class CategoriesByBreadcrumbs(callback.cls):
        pass

    return CategoriesByBreadcrumbs.as_view(**callback.initkwargs)


# --- django-oscar-api serializers: typed stand-ins for untyped fields ------------------------


class _BasketSchemaSerializer(BasketSerializer):
    is_tax_known = serializers.BooleanField(read_only=True)
    # An empty basket has no currency yet.
    currency = serializers.CharField(read_only=True, allow_null=True)


class _BasketLineSchemaSerializer(BasketLineSerializer):
    is_tax_known = serializers.BooleanField(read_only=True)


class _OrderSchemaSerializer(OrderSerializer):
    payment_url = serializers.CharField(
        read_only=True, help_text="Where to (re)open the payment of an unpaid order."
    )
    # An order of goods that need no shipping, or paid without a billing address, has none.
    shipping_address = InlineShippingAddressSerializer(read_only=True, allow_null=True)
    billing_address = InlineBillingAddressSerializer(read_only=True, allow_null=True)
    offer_discounts = OrderOfferDiscountSerializer(many=True, read_only=True)
    voucher_discounts = OrderVoucherOfferSerializer(many=True, read_only=True)


class _SerializerStandIn(OpenApiSerializerExtension):
    """Documents ``target_class`` as ``stand_in``, a subclass that declares typed fields."""

    stand_in: type[serializers.Serializer] | None = None

    def map_serializer(self, auto_schema, direction):
        return auto_schema._map_serializer(self.stand_in, direction, bypass_extensions=True)


class BasketSchema(_SerializerStandIn):
    target_class = "oscarapi.serializers.basket.BasketSerializer"
    stand_in = _BasketSchemaSerializer


class BasketLineSchema(_SerializerStandIn):
    target_class = "oscarapi.serializers.basket.BasketLineSerializer"
    stand_in = _BasketLineSchemaSerializer


class OrderSchema(_SerializerStandIn):
    target_class = "oscarapi.serializers.checkout.OrderSerializer"
    stand_in = _OrderSchemaSerializer


class _PriceAnswerSerializer(PriceSerializer):
    # A product that cannot be bought (no stock record, a parent product) has no price: every
    # field but the currency is then null.
    currency = serializers.CharField(allow_null=True)
    excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    incl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class PriceSchema(OpenApiSerializerExtension):
    """django-oscar-api's price, as answered (nullable); a request body keeps its own rules."""

    target_class = "oscarapi.serializers.checkout.PriceSerializer"

    def get_name(self, auto_schema, direction):
        return "Price" if direction == "response" else None

    def map_serializer(self, auto_schema, direction):
        serializer = _PriceAnswerSerializer if direction == "response" else self.target
        return auto_schema._map_serializer(serializer, direction, bypass_extensions=True)


class CategoryFieldSchema(OpenApiSerializerFieldExtension):
    target_class = "oscarapi.serializers.fields.CategoryField"

    def map_serializer_field(self, auto_schema, direction):
        schema = build_basic_type(OpenApiTypes.STR)
        schema["description"] = "The category's breadcrumbs, e.g. `Books > Fiction`."
        return schema


class AttributeValueFieldSchema(OpenApiSerializerFieldExtension):
    target_class = "oscarapi.serializers.fields.AttributeValueField"

    def map_serializer_field(self, auto_schema, direction):
        return {"description": "The attribute's value; its type depends on the attribute's type."}


# --- django-oscar-api views without a serializer ------------------------------------------


class ApiRootSchema(OpenApiViewExtension):
    target_class = "oscarapi.views.root.api_root"

    def view_replacement(self):
        @extend_schema(
            summary="Index of the API's endpoints",
            responses={
                200: {
                    "type": "object",
                    "additionalProperties": {"type": "string", "format": "uri"},
                }
            },
        )
        class ApiRoot(self.target_class):
            pass

        return ApiRoot


# --- The errors every operation can answer -------------------------------------------------


def error_responses(result, generator, request, public):
    """Postprocessing hook: each operation also declares the errors the API's machinery can give
    it, in the one error format, so that a client (and the schema-driven tests) know every status
    an operation answers. What a view documents itself is kept."""
    views = {}
    for path, _regex, method, callback in generator.endpoints:
        view = generator.create_view(callback, method)
        # A request of this method, so that a view choosing its throttles per method says which.
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        views[(generator.coerce_path(path, method, view), method.lower())] = view
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            view = views.get((path, method))
            if view is None:
                continue
            for code, description in _possible_errors(view, method, operation):
                operation["responses"].setdefault(
                    str(code),
                    {
                        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                        "description": description,
                    },
                )
    return result


ERROR_REF = "#/components/schemas/Error"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": FIELD_ERRORS},
    },
    "required": ["code", "message", "errors"],
}
UNSAFE_METHODS = ("post", "put", "patch", "delete")


def _possible_errors(view, method: str, operation: dict):
    parameters = operation.get("parameters", [])
    queries = [p for p in parameters if p["in"] == "query" and p["name"] != "page"]
    if method in ("post", "put", "patch") or queries:
        yield 400, "`invalid`: the body or a query parameter is not valid (`errors` says which)."
    if "requestBody" in operation:
        yield 415, "`unsupported_media_type`: a body in a content type the operation does not read."
    yield 401, "`not_authenticated`, `authentication_failed`, `token_not_valid`: credentials."
    # The classes, not get_permissions(): a class that is there may answer.
    guarded = any(permission is not AllowAny for permission in view.permission_classes)
    if guarded or method in UNSAFE_METHODS:
        yield 403, "`permission_denied`: not the caller's, or a session call without CSRF token."
    if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
        yield 404, "`not_found`: no such object (or not the caller's), or no such page."
    # The throttles of this method: the session login counts sign-ins (POST) only.
    if view.get_throttles():
        yield 429, "`throttled`: too many requests; `Retry-After` says when to try again."
