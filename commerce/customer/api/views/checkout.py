"""Replaces ``oscarapi.views.checkout``'s address book list (found by django-oscar-api's loader
through ``OSCARAPI_OVERRIDE_MODULES``)."""

from __future__ import annotations

from oscarapi.views import checkout as oscarapi_checkout


class UserAddressList(oscarapi_checkout.UserAddressList):
    """``/api/useraddresses/``: the caller's address book, a short list not paged (as
    django-oscar-api answers it)."""

    pagination_class = None
