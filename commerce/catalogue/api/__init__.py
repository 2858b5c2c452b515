"""The catalogue API, and django-oscar-api's override module for its catalogue views
(``OSCARAPI_OVERRIDE_MODULES``): each module under ``views/`` named like one of ``oscarapi.views``
replaces classes of it, found by its loader by name."""
