"""The outbox with tasks run in-process (the embedded default): commit, rollback, failures."""

from __future__ import annotations

import datetime
import logging
import threading
from decimal import Decimal

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from commerce.communication import services as communication_services
from commerce.outbox import services
from commerce.outbox.models import TaskMessage
from commerce.outbox.services import (
    outbox_dispatch,
    outbox_dispatch_pending,
    outbox_purge_dispatched,
    task_enqueue,
)
from testkit.factories.order import order_place

CONFIRMATION = "commerce.communication.tasks.order_placed_email_send"
EXPIRY = "commerce.order.tasks.orders_expire_unpaid"


class Rollback(Exception):
    pass


@pytest.fixture
def runs():
    """The (task name, kwargs) of every task run, in order.

    The confirmation's own delivery (one ``message_send`` per message it queues) is left out:
    these tests are about the task the outbox was given.
    """
    seen: list[tuple[str, dict]] = []

    def record(sender=None, task=None, kwargs=None, **extra):
        if task.name != "commerce.communication.tasks.message_send":
            seen.append((task.name, dict(kwargs or {})))

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


@pytest.fixture
def order(db):
    """A placed order whose confirmation has not been sent (its on-commit hooks never run).

    Placing it queued its own confirmation in the outbox; that message is dropped so each test
    counts only the messages it enqueues itself.
    """
    placed = order_place(email="outbox@example.org")
    TaskMessage.objects.all().delete()
    return placed


def confirmations(order) -> int:
    return order.messages.filter(event="order_placed").count()


# --- Enqueue in the caller's transaction ------------------------------------------------------


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            task_enqueue(task=EXPIRY, kwargs={})
            raise Rollback

    assert not TaskMessage.objects.exists()
    assert callbacks == []
    assert runs == []


def test_a_committed_transaction_sends_the_task_once_and_marks_it_dispatched(
    order, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
            assert runs == []  # nothing is sent before the transaction commits
        assert runs == []

    assert runs == [(CONFIRMATION, {"order_id": order.pk})]
    message.refresh_from_db()
    assert message.dispatched_at is not None
    assert (message.attempts, message.last_error) == (0, "")
    assert confirmations(order) == 1
    assert [m.to for m in mail.outbox] == [["outbox@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_task_is_sent_at_once(runs):
    message = task_enqueue(task=EXPIRY, kwargs={})

    assert runs == [(EXPIRY, {})]
    message.refresh_from_db()
    assert message.dispatched_at is not None


# --- Validation at enqueue time ---------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_task_name_is_refused_at_enqueue():
    with pytest.raises(ValueError, match="not a registered Celery task"):
        task_enqueue(task="commerce.payment.tasks.no_such_task", kwargs={})
    assert not TaskMessage.objects.exists()


@pytest.mark.django_db
def test_a_task_whose_module_was_not_imported_yet_is_found():
    # Tasks register when their module is imported; the outbox loads them before deciding.
    message = task_enqueue(task="commerce.payment.tasks.refund_run", kwargs={"transaction_id": 1})
    assert message.pk


@pytest.mark.parametrize(
    "kwargs",
    [
        {"order": object()},
        {"amount": Decimal("9.99")},
        {"at": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)},
        {"ids": (1, 2)},
        {"ids": {1, 2}},
        {1: "not a keyword"},
        {"ratio": float("nan")},
        [("order_id", 1)],
    ],
    ids=["object", "decimal", "datetime", "tuple", "set", "int-key", "nan", "not-a-dict"],
)
@pytest.mark.django_db
def test_arguments_that_are_not_plain_json_are_refused_at_enqueue(kwargs):
    with pytest.raises(ValueError, match="kwargs"):
        task_enqueue(task=CONFIRMATION, kwargs=kwargs)
    assert not TaskMessage.objects.exists()


# --- Failures and retries ---------------------------------------------------------------------


def test_a_failing_task_stays_pending_and_a_later_dispatch_sends_it(
    order, runs, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def mail_server_down(*, order_id):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(communication_services, "order_placed_email_send", mail_server_down)
    before = timezone.now()
    with (
        caplog.at_level(logging.ERROR, logger="commerce.outbox"),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})

    # The caller is unharmed, its transaction still usable, and the failure is on the row.
    assert order.__class__.objects.filter(pk=order.pk).exists()
    message.refresh_from_db()
    assert message.dispatched_at is None
    assert message.attempts == 1
    assert message.last_error == "RuntimeError: mail server down"
    assert message.next_attempt_at > before + datetime.timedelta(seconds=20)
    [record] = [r for r in caplog.records if r.name == "commerce.outbox.services"]
    assert record.exc_info is not None  # logged with its traceback
    assert CONFIRMATION in record.getMessage()

    # Not due yet: the periodic dispatch leaves it alone.
    assert outbox_dispatch_pending() == 0

    monkeypatch.undo()  # the mail server is back
    TaskMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox_dispatch_pending() == 1

    message.refresh_from_db()
    assert message.dispatched_at is not None
    assert message.attempts == 1  # the history of the failure is kept
    assert confirmations(order) == 1
    assert [name for name, _ in runs] == [CONFIRMATION, CONFIRMATION]


def test_a_task_failing_with_a_network_error_is_not_taken_for_a_broker_outage(
    order, monkeypatch, caplog
):
    # In-process, an OSError comes from the task itself (here the mail server), not a broker.
    def refused(*, order_id):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(communication_services, "order_placed_email_send", refused)
    message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
    with caplog.at_level(logging.WARNING, logger="commerce.outbox"):
        assert outbox_dispatch(message_ids=[message.pk]) == 0

    message.refresh_from_db()
    assert message.dispatched_at is None
    assert message.attempts == 1
    assert "Connection refused" in message.last_error
    assert [r.levelname for r in caplog.records if r.name.startswith("commerce.outbox")] == [
        "ERROR"
    ]


def test_a_failing_task_is_noticed_when_eager_failures_are_not_raised(order, monkeypatch):
    from celery import current_app as app  # the project's app, current once Django loads

    def broken(*, order_id):
        raise RuntimeError("broken quietly")

    monkeypatch.setattr(communication_services, "order_placed_email_send", broken)
    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False  # apply_async then returns a failed result
    try:
        message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
        assert outbox_dispatch(message_ids=[message.pk]) == 0
    finally:
        app.conf.task_eager_propagates = propagates

    message.refresh_from_db()
    assert (message.dispatched_at, message.attempts) == (None, 1)
    assert "broken quietly" in message.last_error


def test_backoff_grows_with_each_failure_up_to_a_cap(order, monkeypatch):
    def broken(*, order_id):
        raise RuntimeError("still broken")

    monkeypatch.setattr(communication_services, "order_placed_email_send", broken)
    message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
    delays = []
    for _ in range(6):
        start = timezone.now()
        outbox_dispatch(message_ids=[message.pk])
        message.refresh_from_db()
        delays.append(round((message.next_attempt_at - start).total_seconds() / 30))
    assert delays == [1, 2, 4, 8, 10, 10]  # 30 s doubling, at most 5 minutes
    assert message.attempts == 6


def test_a_failing_task_does_not_stop_the_rest_of_the_batch(order, runs, monkeypatch):
    def broken(*, order_id):
        raise RuntimeError("broken")

    monkeypatch.setattr(communication_services, "order_placed_email_send", broken)
    failing = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
    working = task_enqueue(task=EXPIRY, kwargs={})

    assert outbox_dispatch_pending() == 1

    failing.refresh_from_db()
    working.refresh_from_db()
    assert (failing.dispatched_at, failing.attempts) == (None, 1)
    assert working.dispatched_at is not None


def test_a_failing_task_leaves_none_of_its_writes_behind(order, monkeypatch):
    def half_done(*, order_id):
        order.__class__.objects.filter(pk=order_id).update(guest_email="changed@example.org")
        raise RuntimeError("failed halfway")

    monkeypatch.setattr(communication_services, "order_placed_email_send", half_done)
    message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
    outbox_dispatch(message_ids=[message.pk])

    order.refresh_from_db()
    assert order.guest_email == "outbox@example.org"


# --- Dispatching ------------------------------------------------------------------------------


def test_dispatching_twice_sends_once(order, runs):
    # Enqueued in the test's transaction, which never commits: nothing sent on commit.
    message = task_enqueue(task=CONFIRMATION, kwargs={"order_id": order.pk})
    assert runs == []

    assert outbox_dispatch_pending() == 1
    # The confirmation queued its email's delivery; that one goes now, the confirmation not again.
    assert outbox_dispatch_pending() == 1
    assert outbox_dispatch_pending() == 0
    assert outbox_dispatch(message_ids=[message.pk]) == 0

    assert runs == [(CONFIRMATION, {"order_id": order.pk})]
    assert confirmations(order) == 1


@pytest.mark.django_db
def test_pending_messages_are_sent_oldest_first_up_to_the_limit(runs):
    first, second, third = (task_enqueue(task=EXPIRY, kwargs={}) for _ in range(3))

    assert outbox_dispatch_pending(limit=2) == 2

    assert set(TaskMessage.objects.filter(dispatched_at__isnull=True)) == {third}
    assert TaskMessage.objects.filter(pk__in=[first.pk, second.pk], dispatched_at__isnull=False)


@pytest.mark.django_db
def test_dispatched_messages_older_than_a_week_are_purged():
    now = timezone.now()
    old = TaskMessage.objects.create(task=EXPIRY, dispatched_at=now - datetime.timedelta(days=8))
    recent = TaskMessage.objects.create(task=EXPIRY, dispatched_at=now - datetime.timedelta(days=6))
    old_pending = TaskMessage.objects.create(task=EXPIRY)
    TaskMessage.objects.filter(pk=old_pending.pk).update(
        created_at=now - datetime.timedelta(days=30),
        next_attempt_at=now + datetime.timedelta(hours=1),
    )

    outbox_dispatch_pending()

    assert set(TaskMessage.objects.all()) == {recent, old_pending}
    assert not TaskMessage.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_the_purge_is_bounded(monkeypatch):
    monkeypatch.setattr(services, "PURGE_BATCH_SIZE", 2)
    long_ago = timezone.now() - datetime.timedelta(days=10)
    TaskMessage.objects.bulk_create(
        [TaskMessage(task=EXPIRY, dispatched_at=long_ago) for _ in range(5)]
    )

    assert outbox_purge_dispatched() == 2
    assert TaskMessage.objects.count() == 3


@pytest.mark.django_db
def test_the_periodic_task_dispatches_pending_messages(runs):
    from commerce.outbox.tasks import outbox_dispatch_pending as periodic

    message = task_enqueue(task=EXPIRY, kwargs={})

    assert periodic.delay().get() == 1
    message.refresh_from_db()
    assert message.dispatched_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_never_send_the_same_message(runs, monkeypatch):
    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("needs a database with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL)")
    started, release = threading.Event(), threading.Event()

    def slow(*, order_id):
        started.set()
        assert release.wait(timeout=30)

    monkeypatch.setattr(communication_services, "order_placed_email_send", slow)
    TaskMessage.objects.create(task=CONFIRMATION, kwargs={"order_id": 1})
    results = []

    def first_dispatcher():
        try:
            results.append(outbox_dispatch_pending())
        finally:
            connection.close()

    thread = threading.Thread(target=first_dispatcher)
    thread.start()
    try:
        assert started.wait(timeout=30)
        # The first dispatcher holds the row while its task runs: the second one skips it.
        assert outbox_dispatch_pending() == 0
    finally:
        release.set()
        thread.join(timeout=30)
    assert results == [1]
    assert len(runs) == 1
    assert TaskMessage.objects.get().dispatched_at is not None
