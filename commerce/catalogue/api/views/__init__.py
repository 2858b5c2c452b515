"""The catalogue API: ``browse`` (our routes: category tree, average prices, product browsing)
and, mirroring django-oscar-api's module layout for its loader (``OSCARAPI_OVERRIDE_MODULES``),
``basic`` and ``product`` (its option, category and stock record lists) and ``admin/product``
(its bulk category import, for staff only)."""
