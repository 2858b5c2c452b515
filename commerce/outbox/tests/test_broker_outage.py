"""The outbox against a real broker that is down: the caller is never held up or broken, and the
tasks reach a real worker once Redis is back."""

from __future__ import annotations

import logging
import os
import signal
import time
from contextlib import contextmanager

import pytest
from celery import current_app as app  # the project's app, current once Django loads
from django.core import mail
from django.db import transaction
from django.utils import timezone

from commerce.outbox.models import TaskMessage
from commerce.outbox.services import outbox_dispatch, outbox_dispatch_pending, task_enqueue
from testkit.factories.order import order_place
from testkit.fakes.broker import (
    TRANSPORT_OPTIONS,
    celery_broker,
    free_port,
    shared_database_url,
    start_worker,
)

CONFIRMATION = "commerce.communication.tasks.order_placed_email_send"
EXPIRY = "commerce.order.tasks.orders_expire_unpaid"
# An enqueue with the broker down must return well within this (seconds).
FAST = 3.0


@contextmanager
def in_process_tasks():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


@contextmanager
def elapsed():
    timing = {}
    start = time.monotonic()
    yield timing
    timing["seconds"] = time.monotonic() - start


# --- A broker nobody listens on (no Redis needed) ---------------------------------------------


@pytest.mark.django_db
def test_with_the_broker_down_the_enqueue_returns_at_once_and_the_row_waits(
    caplog, django_capture_on_commit_callbacks
):
    with (
        celery_broker(url=f"redis://127.0.0.1:{free_port()}/0"),
        caplog.at_level(logging.WARNING, logger="commerce.outbox"),
        elapsed() as timing,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        message = task_enqueue(task=EXPIRY, kwargs={})

    assert timing["seconds"] < FAST
    message.refresh_from_db()
    assert message.dispatched_at is None
    assert message.attempts == 1
    assert "Connection refused" in message.last_error
    assert message.next_attempt_at > timezone.now()
    [warning] = [r for r in caplog.records if r.name == "commerce.outbox.services"]
    assert warning.levelname == "WARNING"
    assert "broker is unavailable" in warning.getMessage()


@pytest.mark.django_db
def test_with_the_broker_down_a_batch_stops_at_the_first_failure(caplog):
    messages = [task_enqueue(task=EXPIRY, kwargs={}) for _ in range(3)]
    with (
        celery_broker(url=f"redis://127.0.0.1:{free_port()}/0"),
        caplog.at_level(logging.WARNING, logger="commerce.outbox"),
        elapsed() as timing,
    ):
        assert outbox_dispatch_pending() == 0

    assert timing["seconds"] < FAST
    attempts = [m.attempts for m in TaskMessage.objects.filter(pk__in=[m.pk for m in messages])]
    assert sorted(attempts) == [0, 0, 1]  # one attempt, one warning, the rest left for later
    assert len([r for r in caplog.records if r.name == "commerce.outbox.services"]) == 1
    assert not TaskMessage.objects.filter(dispatched_at__isnull=False).exists()


# --- A real Redis, stopped and restarted ------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_tasks_recorded_while_redis_is_down_run_on_a_worker_once_it_is_back(
    demo, redis_server, tmp_path
):
    database_url = shared_database_url()
    if database_url is None:
        pytest.skip("needs a database the worker process can share (DATABASE_URL, not in memory)")
    queue = f"nexus-outbox-test-{os.getpid()}"

    # An order whose confirmation is still to be sent.
    with in_process_tasks():
        order = order_place(email="outage@example.org")
    order.messages.all().delete()
    mail.outbox.clear()

    with celery_broker(url=redis_server.url, queue=queue):
        redis_server.stop()

        with elapsed() as timing, transaction.atomic():
            message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
        # The transaction committed; the broker could not take the task, quickly and quietly.
        assert timing["seconds"] < FAST, f"the enqueue took {timing['seconds']:.1f}s"
        message.refresh_from_db()
        assert message.dispatched_at is None
        assert message.attempts == 1
        assert message.last_error

        redis_server.start()
        mail_dir = tmp_path / "mail"
        worker = start_worker(
            broker_url=redis_server.url, database_url=database_url, queue=queue, mail_dir=mail_dir
        )
        try:
            # As when the backoff has elapsed and beat runs the periodic dispatch.
            TaskMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
            assert outbox_dispatch_pending() == 1
            deadline = time.monotonic() + 60
            while not order.messages.filter(event="order_placed", status="sent").exists():
                if time.monotonic() > deadline:
                    worker.terminate()
                    pytest.fail(f"the worker did not run the task:\n{worker.communicate()[0]}")
                time.sleep(0.5)
        finally:
            worker.terminate()
            worker_log = worker.communicate(timeout=30)[0]

    message.refresh_from_db()
    assert message.dispatched_at is not None
    assert mail.outbox == [], "the task ran in the test process instead of the worker"
    assert mail_dir.is_dir(), f"the worker wrote no email:\n{worker_log}"
    sent = "".join(path.read_text() for path in mail_dir.iterdir())
    assert "To: outage@example.org" in sent
    assert str(order.number) in sent


@pytest.mark.worker
@pytest.mark.django_db
def test_a_redis_that_stops_answering_fails_the_publish_within_the_socket_timeout(
    redis_server, caplog
):
    message = TaskMessage.objects.create(task=EXPIRY, kwargs={})
    with celery_broker(url=redis_server.url):
        redis_server.process.send_signal(signal.SIGSTOP)  # accepts connections, answers nothing
        try:
            with (
                caplog.at_level(logging.WARNING, logger="commerce.outbox"),
                elapsed() as timing,
            ):
                assert outbox_dispatch(message_ids=[message.pk]) == 0
        finally:
            redis_server.process.send_signal(signal.SIGCONT)

    assert timing["seconds"] < TRANSPORT_OPTIONS["socket_timeout"] + 1.5
    message.refresh_from_db()
    assert (message.dispatched_at, message.attempts) == (None, 1)
    assert "Timeout" in message.last_error
