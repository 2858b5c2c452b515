"""The order confirmation goes through Celery: eagerly in-process, and through a real worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from oscar.core.loading import get_model

from commerce.communication.tasks import order_placed_email_send
from testkit.factories.order import order_place

PROJECT_DIR = Path(__file__).resolve().parents[3]

Order = get_model("order", "Order")


@pytest.mark.django_db
def test_placing_an_order_enqueues_the_confirmation_on_commit(django_capture_on_commit_callbacks):
    from commerce.outbox.models import TaskMessage

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = order_place(email="someone@example.org")
    assert mail.outbox == []  # nothing is sent before the transaction commits
    message = TaskMessage.objects.get(
        task="commerce.communication.tasks.order_placed_email_send",
        kwargs={"order_id": order.pk},
    )
    assert message.dispatched_at is None

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    assert str(order.number) in mail.outbox[0].body
    assert order.messages.filter(event="order_placed", status="sent").count() == 1
    message.refresh_from_db()
    assert message.dispatched_at is not None


@pytest.mark.django_db
def test_a_repeated_task_sends_the_confirmation_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(email="twice@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        order_placed_email_send.delay(order_id=order.pk)
    assert len(mail.outbox) == 1
    assert order.messages.count() == 1


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not redis_url(), reason="needs a real Redis broker at REDIS_URL")
def test_a_real_worker_on_redis_sends_the_confirmation(demo, tmp_path, settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] in ("", ":memory:"):
        pytest.skip("needs a database the worker process can share (DATABASE_URL)")
    if "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("needs a database the worker process can share (DATABASE_URL)")
    from celery import current_app as app  # the project's app, current once Django loads

    queue = f"nexus-test-{os.getpid()}"
    database = dict(connection.settings_dict)
    database_url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        if connection.vendor == "postgresql"
        else f"sqlite:///{database['NAME']}"
    )
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"filemail://{mail_dir}",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nexus_site",
            "worker",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # This process only enqueues, to a queue of its own that the worker consumes.
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        # No test transaction here: the order commits and its on-commit hook enqueues the task.
        order = order_place(email="worker@example.org")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if order.messages.filter(event="order_placed", status="sent").exists():
                break
            time.sleep(0.5)
        else:
            worker.terminate()
            pytest.fail(f"the worker did not send the confirmation:\n{worker.communicate()[0]}")
        assert mail.outbox == [], "the task ran in the test process instead of the worker"
    finally:
        app.conf.update(
            task_always_eager=True, task_default_queue=settings.CELERY_TASK_DEFAULT_QUEUE
        )
        worker.terminate()
        worker_log = worker.communicate(timeout=30)[0]
    assert mail_dir.is_dir(), f"the worker wrote no email:\n{worker_log}"
    sent = "".join(path.read_text() for path in mail_dir.iterdir())
    assert "To: worker@example.org" in sent
    assert str(order.number) in sent
