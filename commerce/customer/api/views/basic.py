"""Replaces ``oscarapi.views.basic``'s country list (found by django-oscar-api's loader through
``OSCARAPI_OVERRIDE_MODULES``): the countries an address can be in."""

from __future__ import annotations

from oscarapi.views import basic as oscarapi_basic


class CountryList(oscarapi_basic.CountryList):
    """``/api/countries/``: every country, a bounded list not paged (as django-oscar-api
    answers it)."""

    pagination_class = None
