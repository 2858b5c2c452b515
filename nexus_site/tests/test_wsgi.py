"""The WSGI entry point: what a gunicorn worker has done once it has loaded the shop."""

import os
import subprocess
import sys

from django.conf import settings


def test_the_loaded_shop_is_kept_out_of_the_garbage_collector_s_reach():
    probe = "import gc, nexus_site.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "nexus_site.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # Django, Oscar, Wagtail and the URL map: hundreds of thousands of objects.
    assert int(done.stdout.strip().splitlines()[-1]) > 100_000
