"""OpenAPI 3 schema of the shop's API (drf-spectacular), served at /api/schema/.

drf-spectacular reads most views itself. This module fills in what it cannot read, without
touching the views: django-oscar-api's untyped fields and method fields, its plain ``APIView``\\ s,
and our own ``APIView``\\ s (checkout, order payment, search) whose bodies are built by hand.

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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
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

from cms.serializers import ProductSummarySerializer
from search.api.serializers import ProductSearchParamsSerializer, SuggestParamsSerializer

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


# --- Shared bodies ------------------------------------------------------------------------


FIELD_ERRORS = {
    "anyOf": [
        {"type": "array", "items": {}},
        {"type": "object", "additionalProperties": True},
    ],
    "description": "A list of messages; for a nested body, the same shape per nested field.",
}


@extend_schema_field(FIELD_ERRORS)
class FieldErrorsField(serializers.JSONField):
    pass


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API (``nexus_site.api_errors``)."""

    code = serializers.CharField(help_text="Machine-readable error code, e.g. `out_of_stock`.")
    message = serializers.CharField(help_text="Human-readable explanation.")
    errors = serializers.DictField(
        child=FieldErrorsField(),
        help_text="Messages per request field (empty when the error is not about a field).",
    )


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


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


# treebeard's dump_bulk() format: every category with its children, recursively.
CATEGORY_TREE = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "data": {"type": "object", "additionalProperties": True},
            "children": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["data"],
    },
}


class CategoryBulkSchema(OpenApiViewExtension):
    # Our staff-only mount of django-oscar-api's CategoryBulkAdminApi.
    target_class = "nexus_site.api_auth.CategoryBulkAdminView"

    def view_replacement(self):
        @extend_schema_view(
            get=extend_schema(summary="The category tree", responses={200: CATEGORY_TREE}),
            post=extend_schema(
                summary="Create or update categories from a tree",
                request={"application/json": CATEGORY_TREE},
                responses={200: CATEGORY_TREE},
            ),
        )
        class CategoryBulk(self.target_class):
            pass

        return CategoryBulk


# --- Our views ------------------------------------------------------------------------------


class CheckoutPaymentSerializer(serializers.Serializer):
    provider = serializers.CharField(help_text="The payment provider's code.")
    reference = serializers.CharField(help_text="The provider's reference for this payment.")
    redirect_url = serializers.URLField(
        allow_null=True, help_text="The provider's page where the customer pays."
    )


class CheckoutOrderSerializer(_OrderSchemaSerializer):
    """The placed order, as django-oscar-api shows it, plus the payment opened for it."""

    payment = CheckoutPaymentSerializer(allow_null=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = (*OrderSerializer.Meta.fields, "payment")


IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Makes retries safe: the same key with the same body returns the same order.",
)
IDEMPOTENT_REPLAYED = OpenApiParameter(
    name="Idempotent-Replayed",
    type=str,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="`true` when the response replays an order placed earlier with the same key.",
)


class CheckoutSchema(OpenApiViewExtension):
    target_class = "commerce.checkout.api.views.CheckoutView"

    def view_replacement(self):
        @extend_schema_view(
            post=extend_schema(
                summary="Place an order from the basket and open its payment",
                parameters=[IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED],
                # The view's own serializer_class (our CheckoutSerializer) is the request body.
                responses={
                    201: CheckoutOrderSerializer,
                    400: _error("The request is not valid, or the basket is missing."),
                    403: _error("The basket is not the caller's, or is already checked out."),
                    409: _error("A product in the basket is out of stock."),
                    422: _error("The Idempotency-Key was used with a different request body."),
                    502: _error("The payment provider could not be reached."),
                },
            )
        )
        class Checkout(self.target_class):
            pass

        return Checkout


class OrderPaymentSchema(OpenApiViewExtension):
    target_class = "commerce.checkout.api.views.OrderPaymentView"

    def view_replacement(self):
        @extend_schema_view(
            get=extend_schema(
                summary="Go back to the payment page of an unpaid order",
                parameters=[
                    OpenApiParameter(
                        name="Location",
                        type=OpenApiTypes.URI,
                        location=OpenApiParameter.HEADER,
                        response=[302],
                        description="The payment provider's page.",
                    )
                ],
                responses={
                    302: OpenApiResponse(description="Redirect to the payment provider."),
                    404: _error("No such order, or not the caller's."),
                    409: _error("The order no longer awaits payment."),
                },
            )
        )
        class OrderPayment(self.target_class):
            pass

        return OrderPayment


class FacetCountSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class ProductSearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    backend = serializers.CharField(help_text="The search backend that answered.")
    results = ProductSummarySerializer(many=True)
    facets = serializers.DictField(
        child=FacetCountSerializer(many=True),
        help_text="Counts per facet (category, price_range, in_stock), by value.",
    )


class SearchSuggestionsSerializer(serializers.Serializer):
    q = serializers.CharField()
    suggestions = serializers.ListField(child=serializers.CharField())


class ProductSearchSchema(OpenApiViewExtension):
    target_class = "search.api.views.ProductSearchView"

    def view_replacement(self):
        @extend_schema_view(
            get=extend_schema(
                summary="Search products",
                parameters=[ProductSearchParamsSerializer],
                responses={
                    200: ProductSearchResultsSerializer,
                    400: _error("A query parameter is not valid."),
                },
            )
        )
        class ProductSearch(self.target_class):
            pass

        return ProductSearch


class SuggestSchema(OpenApiViewExtension):
    target_class = "search.api.views.SuggestView"

    def view_replacement(self):
        @extend_schema_view(
            get=extend_schema(
                summary="Suggest search terms as the customer types",
                parameters=[SuggestParamsSerializer],
                responses={
                    200: SearchSuggestionsSerializer,
                    400: _error("A query parameter is not valid."),
                },
            )
        )
        class Suggest(self.target_class):
            pass

        return Suggest


def _typed_shipping_method():
    from oscarapi.serializers.checkout import ShippingMethodSerializer

    class ShippingPrice(serializers.Serializer):
        # An empty basket has no currency yet, and its taxes may be unknown.
        currency = serializers.CharField(allow_null=True)
        excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
        incl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
        tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)

    class TypedShippingMethod(ShippingMethodSerializer):
        price = ShippingPrice(read_only=True)
        discount = serializers.FloatField(read_only=True)

    return TypedShippingMethod


TypedShippingMethod = _typed_shipping_method()


class ShippingMethodsSchema(OpenApiViewExtension):
    """GET lists the methods for the basket; POST takes an address and lists them for it."""

    target_class = "commerce.basket.api.views.basket.ShippingMethodView"

    def view_replacement(self):
        from oscarapi.serializers.checkout import ShippingAddressSerializer

        @extend_schema_view(
            get=extend_schema(responses={200: TypedShippingMethod(many=True)}),
            post=extend_schema(
                request=ShippingAddressSerializer,
                responses={
                    200: TypedShippingMethod(many=True),
                    400: _error("The address is not valid."),
                },
            ),
        )
        class ShippingMethods(self.target_class):
            pass

        return ShippingMethods


# --- django-oscar-api's basket views, guarded (commerce/basket/api/views/) ----------------------


class AddProductSchema(OpenApiViewExtension):
    match_subclasses = True  # a later guard (throttles, ...) on top keeps this description
    target_class = "commerce.basket.api.views.basket.AddProductView"

    def view_replacement(self):
        from oscarapi.serializers.product import AddProductSerializer

        @extend_schema_view(
            post=extend_schema(
                summary="Add a product to the basket",
                request=AddProductSerializer,
                responses={
                    200: BasketSerializer,
                    400: _error("The body is not valid, or the quantity is over the limit."),
                    409: _error("`out_of_stock`: the product cannot be bought in this quantity."),
                },
            )
        )
        class AddProduct(self.target):
            pass

        return AddProduct


class AddVoucherSchema(OpenApiViewExtension):
    match_subclasses = True  # a later guard (throttles, ...) on top keeps this description
    target_class = "commerce.basket.api.views.basket.AddVoucherView"

    def view_replacement(self):
        from oscarapi.serializers.basket import VoucherAddSerializer, VoucherSerializer

        @extend_schema_view(
            post=extend_schema(
                summary="Add a voucher to the basket",
                request=VoucherAddSerializer,
                responses={
                    200: VoucherSerializer,
                    400: _error(
                        "`invalid`: the code is unknown, expired or not available to the "
                        "caller; `voucher_not_applicable`: the basket does not qualify."
                    ),
                },
            )
        )
        class AddVoucher(self.target):
            pass

        return AddVoucher


READ_ONLY_BODY = (
    "Nothing here is the caller's to change: a body naming any field answers 400 "
    "(`invalid`, one message per field) and changes nothing."
)


class BasketDetailSchema(OpenApiViewExtension):
    match_subclasses = True  # a later guard (throttles, ...) on top keeps this description
    target_class = "commerce.basket.api.views.basic.BasketDetail"

    def view_replacement(self):
        # The answer is django-oscar-api's basket (documented once, as ``Basket``).
        responses = {
            200: BasketSerializer,
            400: _error("A field was named: the basket's fields are all read-only."),
        }

        @extend_schema_view(
            get=extend_schema(responses={200: BasketSerializer}),
            put=extend_schema(description=READ_ONLY_BODY, responses=responses),
            patch=extend_schema(description=READ_ONLY_BODY, responses=responses),
        )
        class BasketDetail(self.target):
            pass

        return BasketDetail


# --- django-oscar-api's account views, in the error format (api_auth, oscarapi_overrides) -------

# django-oscar-api answers a sign-in and a sign-out with an empty JSON string.
EMPTY_ANSWER = OpenApiResponse(
    response={"type": "string", "maxLength": 0}, description='Done; the body is `""`.'
)


def _user_details(description: str) -> dict:
    """The caller's account as django-oscar-api shows it: its fields while
    ``OSCARAPI_EXPOSE_USER_DETAILS`` is on, else 204 and no body."""
    from oscarapi import settings as oscarapi_settings
    from oscarapi.serializers.login import UserSerializer

    if oscarapi_settings.EXPOSE_USER_DETAILS:
        return {200: UserSerializer}
    return {204: OpenApiResponse(description=f"{description} (user details are not exposed).")}


class SessionLoginSchema(OpenApiViewExtension):
    target_class = "nexus_site.api_auth.LoginView"

    def view_replacement(self):
        from oscarapi.serializers.login import LoginSerializer

        @extend_schema_view(
            get=extend_schema(
                summary="The account signed in on this session",
                responses={
                    **_user_details("Signed in"),
                    405: _error("`not_signed_in`: no one is signed in on this session."),
                },
            ),
            post=extend_schema(
                summary="Sign in on the session (cookie or `Session-Id` header)",
                request=LoginSerializer,
                responses={
                    200: EMPTY_ANSWER,
                    400: _error("`invalid`: the body is not valid (`errors` names the field)."),
                    401: _error(
                        "`authentication_failed`: the username or password is not correct."
                    ),
                    405: _error("`already_signed_in`: sign out of this session first."),
                },
            ),
            delete=extend_schema(
                summary="Sign out: end the session (an anonymous one loses its basket)",
                responses={200: EMPTY_ANSWER},
            ),
        )
        class SessionLogin(self.target):
            pass

        return SessionLogin


class RegistrationSchema(OpenApiViewExtension):
    target_class = "nexus_site.oscarapi_overrides.views.login.RegistrationView"

    def view_replacement(self):
        from oscarapi.serializers.login import RegisterUserSerializer

        @extend_schema_view(
            post=extend_schema(
                summary="Register an account (while `OSCARAPI_ENABLE_REGISTRATION` is on)",
                request=RegisterUserSerializer,
                responses={
                    201: OpenApiResponse(
                        response={"type": "string", "format": "email"},
                        description="The new account's email address.",
                    ),
                    400: _error("`invalid`: the body is not valid (`errors` names the field)."),
                    403: _error(
                        "`registration_disabled`: registration is at `/api/account/register/`; "
                        "`permission_denied`: a session call without CSRF token."
                    ),
                },
            )
        )
        class Registration(self.target):
            pass

        return Registration


class UserDetailSchema(OpenApiViewExtension):
    target_class = "nexus_site.oscarapi_overrides.views.login.UserDetail"

    def view_replacement(self):
        @extend_schema_view(
            get=extend_schema(
                summary="The caller's own account",
                responses={
                    **_user_details("The caller's account"),
                    404: _error("`not_found`: not the caller's account."),
                },
            )
        )
        class UserDetail(self.target):
            pass

        return UserDetail


# --- The errors every operation can answer -------------------------------------------------


def error_responses(result, generator, request, public):
    """Postprocessing hook: each operation also declares the errors the API's machinery can give
    it, in the one error format, so that a client (and the schema-driven tests) know every status
    an operation answers. What a view documents itself is kept."""
    views = {}
    for path, _regex, method, callback in generator.endpoints:
        view = generator.create_view(callback, method)
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
    # The classes, not get_permissions()/get_throttles(): some choose per request, and a
    # class that is there may answer.
    guarded = any(permission is not AllowAny for permission in view.permission_classes)
    if guarded or method in UNSAFE_METHODS:
        yield 403, "`permission_denied`: not the caller's, or a session call without CSRF token."
    if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
        yield 404, "`not_found`: no such object (or not the caller's), or no such page."
    if view.throttle_classes:
        yield 429, "`throttled`: too many requests; `Retry-After` says when to try again."
