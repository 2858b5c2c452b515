"""A Celery broker that tests can take away: publish to a given URL instead of in-process, a
redis-server of the test's own to stop and restart, and a real worker process to consume."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
from celery import current_app as app  # the project's Celery app, loaded with Django
from django.db import connection

# The worker process runs from the project's root, where the ``nexus_site`` package is.
PROJECT_DIR = Path(__file__).resolve().parents[2]
# What the settings are expected to give the broker connection (CELERY_BROKER_TRANSPORT_OPTIONS),
# so that a publish to a Redis that accepts connections but does not answer gives up quickly.
TRANSPORT_OPTIONS = {"socket_connect_timeout": 2.0, "socket_timeout": 3.0}


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _broker_pool_reset() -> None:
    """Close every pooled broker connection so the next publish uses the current settings."""
    kombu.pools.reset()  # kombu keeps its pools by broker URL, for the whole process
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(*, url: str, queue: str | None = None):
    """Publish to ``url`` (not in-process) for the duration; everything is restored after."""
    keys = ("broker_url", "task_always_eager", "task_default_queue", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url  # Celery reads it before its own setting
    app.conf.update(
        broker_url=url,
        task_always_eager=False,
        task_default_queue=queue or saved["task_default_queue"],
        broker_transport_options=TRANSPORT_OPTIONS,
    )
    _broker_pool_reset()
    try:
        yield
    finally:
        _broker_pool_reset()
        app.conf.update(saved)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env


def shared_database_url() -> str | None:
    """A URL the worker process can use to reach the test database, if it can reach it at all."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    if "memory" in str(database["NAME"]) or database["NAME"] in ("", ":memory:"):
        return None
    return f"sqlite:///{database['NAME']}"


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case a test froze it
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def start_worker(*, broker_url: str, database_url: str, queue: str, mail_dir: Path):
    """A Celery worker process consuming ``queue``, writing its emails as files to ``mail_dir``."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"filemail://{mail_dir}",
    }
    env.pop("REDIS_URL", None)  # the worker's cache stays in-process, off any shared Redis
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nexus_site", "worker"]
        + ["--pool", "solo", "--without-gossip", "--without-mingle", "-l", "info"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
