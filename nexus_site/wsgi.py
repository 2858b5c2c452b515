import os
import sys

from django.core.wsgi import get_wsgi_application

from nexus_site.config import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nexus_site.settings")

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    # One line for the operator instead of a traceback in the server log.
    sys.exit(f"Configuration error: {error}")
