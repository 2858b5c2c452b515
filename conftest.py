"""Shared test setup: throwaway media folder, eager Celery, and fixtures used across apps."""

import os
import tempfile

import pytest

# Uploaded and generated images go to a throwaway folder, never the developer's media/.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="nexus-test-media-"))


@pytest.fixture(autouse=True)
def _eager_celery(request, settings):
    """Run tasks in-process unless a test drives a real worker (marked ``worker``)."""
    from nexus_site.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
