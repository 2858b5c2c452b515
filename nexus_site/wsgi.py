import gc
import os
import sys

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from nexus_site.config import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nexus_site.settings")

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    # One line for the operator instead of a traceback in the server log.
    sys.exit(f"Configuration error: {error}")

# Load the URL map (and the views it imports) now, while the worker starts, rather than on its
# first request: a fresh process answers /health/ within its deadline from the first call.
get_resolver().url_patterns  # noqa: B018 - evaluated for its side effect

# Everything loaded so far (Django, Oscar, Wagtail, the URL map: some 250,000 objects) lives
# as long as the process. Moved out of the garbage collector's reach, a full collection no longer
# walks it, which paused requests that allocate a lot (a search matching thousands of products)
# by 100 ms and more.
gc.freeze()
