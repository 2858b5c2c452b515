"""Settings for the HTTP bench's gunicorn (bench/http_bench.py): the project's own settings, with
``bench.urls`` as the URL map (the shop's URLs plus ``/bench/minimal/``, never in production).

``BENCH_STATIC_ROOT``, when set, is where ``collectstatic`` writes and WhiteNoise serves from, so
that the bench never writes into the project's ``staticfiles/``.
"""

import os
from pathlib import Path

from nexus_site.settings import *  # noqa: F403 - the project's settings, unchanged but the two below

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
