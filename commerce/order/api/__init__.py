"""The order API, and django-oscar-api's override module for its order line views
(``OSCARAPI_OVERRIDE_MODULES``): ``views/checkout.py`` mirrors ``oscarapi.views.checkout``."""
