"""django-oscar-api overrides for its account views (``OSCARAPI_OVERRIDE_MODULES``): each module
mirrors the ``oscarapi`` module whose classes it replaces, so that its loader (and its URLs) find
ours by name."""
