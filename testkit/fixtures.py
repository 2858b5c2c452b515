"""Pytest fixtures that several apps' tests use; the root ``conftest.py`` registers this module
(``pytest_plugins``), so a test asks for them by name without importing them."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture
def redis_server():
    """A redis-server of the test's own, running; stopped after the test (see ``RedisServer``)."""
    # Imported here: this module is loaded with the root conftest, before Django is set up.
    from testkit.fakes.broker import RedisServer

    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH to stop and restart a real broker")
    server = RedisServer()
    server.start()
    yield server
    server.stop()
