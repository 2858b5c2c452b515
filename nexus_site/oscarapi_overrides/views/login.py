"""Replaces ``oscarapi.views.login``'s registration and user detail views: their refusals answer
in the API's error format (``{"code", "message", "errors"}``) instead of django-oscar-api's own
bodies. The session login (``LoginView``) is ``nexus_site.api_auth.LoginView``, mounted in
``nexus_site/urls.py``. The OpenAPI descriptions are in ``nexus_site/api_schema.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from oscarapi import settings as oscarapi_settings
from oscarapi.views import login as oscarapi_login
from rest_framework import exceptions


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


class UserDetail(oscarapi_login.UserDetail):
    """``GET /api/users/<id>/``: the caller's own account only; any other id is 404
    ``not_found`` (django-oscar-api answers 204 for any id while user details are hidden)."""

    def get(self, request, *args, **kwargs):
        self.get_object()
        return super().get(request, *args, **kwargs)
