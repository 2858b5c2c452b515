"""The customer's API: ``account`` (our own account routes) and, mirroring django-oscar-api's
module layout for its loader (``OSCARAPI_OVERRIDE_MODULES``), ``login`` (its session login,
registration and user detail views replaced); ``tokens`` (the JWT sign-in)."""
