"""Shared test setup: throwaway media folder, eager Celery, and fixtures used across apps."""

import shutil
import tempfile

import pytest

# Fixtures that several apps' tests ask for by name (a redis-server to stop and restart).
pytest_plugins = ["testkit.fixtures"]

_TEST_MEDIA_ROOT = tempfile.mkdtemp(prefix="nexus-test-media-")
_TEST_PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="nexus-test-private-media-")


def pytest_configure(config):
    # Uploaded and generated files go to throwaway folders, never the developer's media/ and
    # private-media/.
    # Set here, before the database (and the demo with its images) is set up.
    from django.conf import settings

    settings.MEDIA_ROOT = _TEST_MEDIA_ROOT
    settings.PRIVATE_MEDIA_ROOT = _TEST_PRIVATE_MEDIA_ROOT
    # Oscar deletes an image's file when its row is deleted; a test's rollback brings the row
    # back but not the file, which would break the shared demo images for later tests.
    settings.OSCAR_DELETE_IMAGE_FILES = False
    # Parallel test workers (pytest-xdist) each get a Redis database of their own.
    from testkit.pytest_worker_env import redis_isolate

    redis_isolate(settings)


def pytest_unconfigure(config):
    shutil.rmtree(_TEST_MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(_TEST_PRIVATE_MEDIA_ROOT, ignore_errors=True)


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
def _api_throttles_reset():
    """Each test starts with a fresh cache and fresh rate limits (counted in their own alias)."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["throttle"].clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English; a French request does not leak its language into the next."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo shop once into the test database: most tests exercise the demo data.

    Tests that flush the database (``transaction=True``) reload it with the ``demo`` fixture.
    """
    from commerce.demo.services import demo_load
    from search.services import search_index_flush

    with django_db_blocker.unblock():
        demo_load()
        # The search index as a worker leaves it after the demo's commit: Celery runs eagerly
        # only inside tests, so with a broker configured the flush task went to the queue.
        search_index_flush()


@pytest.fixture
def demo(db):
    """The demo shop, reloaded if a transactional test flushed it (the load is idempotent)."""
    from commerce.demo.services import demo_load

    return demo_load()


@pytest.fixture
def cache_cleared():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def product_without_story(db):
    """A demo product a shopper can buy (public, standalone, units left) with no Wagtail story
    page: its storefront page is Oscar's alone."""
    from oscar.core.loading import get_model

    records = (
        get_model("partner", "StockRecord")
        .objects.select_related("product")
        .filter(product__is_public=True, product__structure="standalone", num_in_stock__gt=0)
        .filter(product__story_pages__isnull=True)
        .order_by("pk")
    )
    return next(record.product for record in records if record.net_stock_level > 0)
