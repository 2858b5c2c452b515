"""An authentication backend that signs no one in: it refuses locked-out sign-ins.

First in ``AUTHENTICATION_BACKENDS``, it runs before any backend checks a password, for every
``authenticate()`` given a request (login forms, API tokens). Raising ``PermissionDenied`` stops
Django trying the other backends; the caller sees a failed sign-in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from commerce.customer import login_limits


class LoginLimitBackend:
    def authenticate(self, request, username=None, password=None, **credentials):
        if request is None:
            return None
        identifier = username or credentials.get("email")
        if login_limits.login_wait(request=request, identifier=identifier):
            raise PermissionDenied
        return None

    # No ``get_user``: this backend never holds a session (Django's ``force_login`` and
    # ``login`` pick the first backend that has one).
