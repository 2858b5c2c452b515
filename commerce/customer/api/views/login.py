"""Replaces ``oscarapi.views.login``'s views (found by django-oscar-api's loader through
``OSCARAPI_OVERRIDE_MODULES``): the session login throttled like every sign-in, and the login,
registration and user detail refusals in the API's error format (``{"code", "message",
"errors"}``) instead of django-oscar-api's own bodies. Each view's OpenAPI description is on it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from oscarapi import settings as oscarapi_settings
from oscarapi.serializers.login import LoginSerializer, RegisterUserSerializer, UserSerializer
from oscarapi.views import login as oscarapi_login
from rest_framework import exceptions

from commerce.api.schema import error_response
from commerce.customer import login_limits
from commerce.customer.api.throttles import SIGN_IN_THROTTLES, sign_in_identifier

# django-oscar-api answers a sign-in and a sign-out with an empty JSON string.
EMPTY_ANSWER = OpenApiResponse(
    response={"type": "string", "maxLength": 0}, description='Done; the body is `""`.'
)


def _user_details(description: str) -> dict:
    """The caller's account as django-oscar-api shows it: its fields while
    ``OSCARAPI_EXPOSE_USER_DETAILS`` is on, else 204 and no body."""
    if oscarapi_settings.EXPOSE_USER_DETAILS:
        return {200: UserSerializer}
    return {204: OpenApiResponse(description=f"{description} (user details are not exposed).")}


@extend_schema_view(
    get=extend_schema(
        summary="The account signed in on this session",
        responses={
            **_user_details("Signed in"),
            405: error_response("`not_signed_in`: no one is signed in on this session."),
        },
    ),
    post=extend_schema(
        summary="Sign in on the session (cookie or `Session-Id` header)",
        request=LoginSerializer,
        responses={
            200: EMPTY_ANSWER,
            400: error_response("`invalid`: the body is not valid (`errors` names the field)."),
            401: error_response(
                "`authentication_failed`: the username or password is not correct."
            ),
            405: error_response("`already_signed_in`: sign out of this session first."),
        },
    ),
    delete=extend_schema(
        summary="Sign out: end the session (an anonymous one loses its basket)",
        responses={200: EMPTY_ANSWER},
    ),
)
class LoginView(oscarapi_login.LoginView):
    """django-oscar-api's session login (``/api/login/``): signing in (POST) is throttled like
    the token endpoint; reading the session (GET) and signing out (DELETE) never are.

    Its refusals answer in the API's error format: a malformed body 400 ``invalid`` (naming the
    field), wrong credentials 401 ``authentication_failed`` (counted towards the lock-out),
    signing in on a signed-in session 405 ``already_signed_in``, reading a session no one is
    signed in on 405 ``not_signed_in``.
    """

    throttle_classes = SIGN_IN_THROTTLES

    def get_throttles(self):
        # Only sign-in attempts count: reading the session or signing out is no guess at a
        # password, and a client over the limit must still be able to sign out.
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
        login_limits.login_failure_record(request=request, identifier=sign_in_identifier(request))
        raise exceptions.AuthenticationFailed(
            _("The username or password is not correct."), code="authentication_failed"
        )


@extend_schema_view(
    post=extend_schema(
        summary="Register an account (while `OSCARAPI_ENABLE_REGISTRATION` is on)",
        request=RegisterUserSerializer,
        responses={
            201: OpenApiResponse(
                response={"type": "string", "format": "email"},
                description="The new account's email address.",
            ),
            400: error_response("`invalid`: the body is not valid (`errors` names the field)."),
            403: error_response(
                "`registration_disabled`: registration is at `/api/account/register/`; "
                "`permission_denied`: a session call without CSRF token."
            ),
        },
    )
)
class RegistrationView(oscarapi_login.RegistrationView):
    """``POST /api/register/``: 403 ``registration_disabled`` while
    ``OSCARAPI_ENABLE_REGISTRATION`` is off (the shop registers at ``/api/account/register/``);
    once on, a bad body is 400 ``invalid`` naming the field."""

    def post(self, request, *args, **kwargs):
        if not oscarapi_settings.ENABLE_REGISTRATION:
            # Refused before the body is read: no answer tells whether an email has an account.
            raise exceptions.PermissionDenied(
                _("Registration is not open here: register at /api/account/register/."),
                code="registration_disabled",
            )
        self.serializer_class(data=request.data).is_valid(raise_exception=True)
        return super().post(request, *args, **kwargs)


@extend_schema_view(
    get=extend_schema(
        summary="The caller's own account",
        responses={
            **_user_details("The caller's account"),
            404: error_response("`not_found`: not the caller's account."),
        },
    )
)
class UserDetail(oscarapi_login.UserDetail):
    """``GET /api/users/<id>/``: the caller's own account only; any other id is 404
    ``not_found`` (django-oscar-api answers 204 for any id while user details are hidden)."""

    def get(self, request, *args, **kwargs):
        self.get_object()
        return super().get(request, *args, **kwargs)
