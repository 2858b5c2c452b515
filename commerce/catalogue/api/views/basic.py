"""Replaces ``oscarapi.views.basic``'s product option list (found by django-oscar-api's loader
through ``OSCARAPI_OVERRIDE_MODULES``)."""

from __future__ import annotations

from oscarapi.views import basic as oscarapi_basic


class OptionList(oscarapi_basic.OptionList):
    """``/api/options/``: the product options set up in the dashboard, a short list not paged
    (as django-oscar-api answers it)."""

    pagination_class = None
