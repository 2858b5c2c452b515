"""The order API: ``account`` (the caller's own orders, our routes) and, mirroring
django-oscar-api's module layout for its loader (``OSCARAPI_OVERRIDE_MODULES``), ``checkout``
(its order line views replaced)."""
