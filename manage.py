#!/usr/bin/env python
"""Django's command-line utility for Nexus Commerce."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nexus_site.settings")
    from django.core.management import execute_from_command_line

    from nexus_site.config import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        # One line for the operator instead of a traceback.
        sys.exit(f"Configuration error: {error}")


if __name__ == "__main__":
    main()
