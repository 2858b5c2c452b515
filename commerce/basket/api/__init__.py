"""django-oscar-api overrides for the basket (``OSCARAPI_OVERRIDE_MODULES``): each module mirrors
the ``oscarapi`` module whose classes it replaces, and its views load ours by name."""
