"""The customer's API, and django-oscar-api's override module for its account views
(``OSCARAPI_OVERRIDE_MODULES``): ``views/login.py`` mirrors ``oscarapi.views.login``, so that its
loader (and its URLs) find ours by name."""
