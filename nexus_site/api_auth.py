"""API sign-in: JWT tokens and oscarapi's session login, throttled per IP and per account, with
the anonymous basket merged into the customer's at login.

Throttles count in ``CACHES["throttle"]`` and know the client by ``commerce.client_ip`` (the
trusted-proxy rule); an account is its identifier trimmed and case-folded. An account or IP
locked out after failed sign-ins (``commerce.customer.login_limits``) is refused with 429 too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from oscarapi.basket import operations
from oscarapi.utils.loading import get_api_class
from oscarapi.views.login import LoginView as OscarApiLoginView
from rest_framework import exceptions
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle
from rest_framework_simplejwt.views import TokenObtainPairView as JwtTokenObtainPairView
from rest_framework_simplejwt.views import TokenRefreshView as JwtTokenRefreshView
from rest_framework_simplejwt.views import TokenVerifyView as JwtTokenVerifyView

from commerce.basket.throttles import VoucherAttemptsLimitedMixin
from commerce.client_ip import client_ip
from commerce.customer import login_limits
from commerce.throttling import throttle_cache


def _sign_in_identifier(request) -> str:
    data = request.data if isinstance(request.data, dict) else {}
    return str(data.get("username") or data.get("email") or "")


class LoginIPThrottle(SimpleRateThrottle):
    """Sign-in attempts per client IP (rate ``login`` in settings)."""

    scope = "login"
    cache = throttle_cache

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "login-ip", "ident": self.get_ident(request)}


class LoginAccountThrottle(SimpleRateThrottle):
    """Sign-in attempts per account, whatever IP they come from (guessing one password)."""

    scope = "login"
    cache = throttle_cache

    def get_cache_key(self, request, view):
        account = login_limits.account_key(_sign_in_identifier(request))
        if not account:
            return None
        return self.cache_format % {"scope": "login-account", "ident": account}


class LoginLockoutThrottle(BaseThrottle):
    """Refuses a sign-in while its IP or account is locked out after failed sign-ins."""

    def allow_request(self, request, view):
        self.lockout = login_limits.login_wait(
            request=request, identifier=_sign_in_identifier(request)
        )
        return not self.lockout

    def wait(self):
        return self.lockout


LOGIN_THROTTLES = (LoginIPThrottle, LoginAccountThrottle)
SIGN_IN_THROTTLES = (*LOGIN_THROTTLES, LoginLockoutThrottle)


class TokenObtainPairView(JwtTokenObtainPairView):
    """``POST /api/auth/token/``: access and refresh tokens for a username and password.

    A basket the caller filled anonymously (session or ``Session-Id`` header) is merged into the
    customer's basket, as at a storefront login.
    """

    throttle_classes = SIGN_IN_THROTTLES

    def post(self, request, *args, **kwargs):
        anonymous_basket = operations.get_anonymous_basket(request)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200 and anonymous_basket is not None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid()
            user = serializer.user
            basket = operations.get_user_basket(user)
            if basket.pk != anonymous_basket.pk:
                basket.merge(anonymous_basket)
        return response


class TokenRefreshView(JwtTokenRefreshView):
    throttle_classes = (LoginIPThrottle,)


class TokenVerifyView(JwtTokenVerifyView):
    throttle_classes = (LoginIPThrottle,)


class LoginView(OscarApiLoginView):
    """django-oscar-api's session login (``/api/login/``): signing in (POST) is throttled like
    the token endpoint; reading the session (GET) and signing out (DELETE) never are.

    Its refusals answer in the API's error format: a malformed body 400 ``invalid`` (naming the
    field), wrong credentials 401 ``authentication_failed`` (counted towards the lock-out),
    signing in on a signed-in session 405 ``already_signed_in``, reading a session no one is
    signed in on 405 ``not_signed_in``.
    """

    throttle_classes = SIGN_IN_THROTTLES

    def get_throttles(self):
        if self.request.method != "POST":
            return []
        return super().get_throttles()

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.MethodNotAllowed(
                request.method,
                detail=_("No one is signed in on this session."),
                code="not_signed_in",
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Refused before the credentials are checked: a signed-in session tries no password.
        if request.user.is_authenticated:
            raise exceptions.MethodNotAllowed(
                request.method,
                detail=_("This session is already signed in: sign out first."),
                code="already_signed_in",
            )
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        response = super().post(request, *args, **kwargs)
        if response.status_code != 401:
            return response
        # django-oscar-api answers 401 with its serializer's errors: errors about a field are a
        # malformed body; the rest (``non_field_errors``) are credentials that did not match.
        if set(response.data) - {"non_field_errors"}:
            raise exceptions.ValidationError(response.data)
        # django-oscar-api authenticates without the request, so Django's failed-login signal
        # cannot count this one.
        login_limits.login_failure_record(request=request, identifier=_sign_in_identifier(request))
        raise exceptions.AuthenticationFailed(
            _("The username or password is not correct."), code="authentication_failed"
        )


class AddVoucherView(VoucherAttemptsLimitedMixin, get_api_class("views.basket", "AddVoucherView")):
    """``/api/basket/add-voucher/`` with the codes tried limited per basket and per IP (429 with
    Retry-After), as on the storefront."""


class CategoryBulkAdminView(get_api_class("views.admin.product", "CategoryBulkAdminApi")):
    """django-oscar-api mounts its bulk category import for anyone; only staff may use it."""

    permission_classes = (IsAdminUser,)


# django-oscar-api's order line views filter by ``request.user`` without asking for a signed-in
# user (an anonymous call crashes), and its line attribute view does not filter at all: any
# caller could read any order's line options. Ours: signed in, and only the caller's orders.


class OrderLineList(get_api_class("views.checkout", "OrderLineList")):
    permission_classes = (IsAuthenticated,)


class OrderLineDetail(get_api_class("views.checkout", "OrderLineDetail")):
    permission_classes = (IsAuthenticated,)


class OrderLineAttributeDetail(get_api_class("views.checkout", "OrderLineAttributeDetail")):
    permission_classes = (IsAuthenticated,)

    def get_queryset(self):
        return super().get_queryset().filter(line__order__user=self.request.user)


# More of django-oscar-api's views, hardened against inputs its own code does not expect.


class BasketList(get_api_class("views.basic", "BasketList")):
    """Staff list every basket, a customer theirs; an anonymous caller with none gets [] (not
    the crash django-oscar-api gives)."""

    def get_queryset(self):
        if (
            not self.request.user.is_authenticated
            and operations.get_anonymous_basket(self.request) is None
        ):
            return self.queryset.none()
        return super().get_queryset()


class BasketLineList(get_api_class("views.basket", "LineList")):
    """``POST /api/baskets/<id>/lines/``: the body's ``basket`` must be the basket in the address.
    A missing, unknown or other basket there is 400 ``invalid`` naming ``basket`` (django-oscar-api
    answers 406 ``not_acceptable``); a basket that is not the caller's, in the address or in the
    body, is 403."""

    def post(self, request, pk=None, format=None):
        # Whose basket is in the URL first: another customer's is a 403 whatever the body says.
        url_basket = self.check_basket_permission(request, basket_pk=pk)
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        data_basket = self.check_basket_permission(
            request, basket=self.get_data_basket(request.data, format)
        )
        if data_basket != url_basket:
            raise exceptions.ValidationError(
                {"basket": [_("The line's basket must be the basket in the address.")]}
            )
        return super().post(request, pk=pk, format=format)

    def get_data_basket(self, DATA, format):  # noqa: N803 (django-oscar-api's signature)
        try:
            return super().get_data_basket(DATA, format)
        except (exceptions.NotAcceptable, exceptions.ValidationError) as refusal:
            detail = refusal.detail if isinstance(refusal.detail, list) else [refusal.detail]
            raise exceptions.ValidationError({"basket": detail}) from refusal


class DatabaseIdConverter:
    """An id the database can hold (at most 18 digits); a longer one is no route at all (404)
    rather than an integer overflow in the database (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
