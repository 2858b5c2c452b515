"""The task outbox: Celery tasks recorded in the caller's transaction, sent once it commits.

A task enqueued here is a row written in the same transaction as the change that calls for it
(an order, a refund); when that transaction commits the row is sent to the broker and marked
dispatched. If the broker cannot take it, the row stays pending and ``outbox_dispatch_pending``
(run by beat, or by ``manage.py outbox_dispatch``) sends it later. Delivery is at least once: a
row is marked dispatched only after the broker took it, so the tasks must be idempotent.

With a broker, the process that committed the row sends it with no transaction of its own (one
``UPDATE`` marks it): the row is written leased to that process for ``DISPATCH_LEASE``, during
which the periodic dispatch leaves it alone. Tasks run in-process (no broker) are run under the
row's lock, in a savepoint, as the periodic dispatch runs them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from celery import Task
from celery import current_app as app  # the project's app, made current as the project loads
from celery.result import EagerResult
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from commerce.outbox.models import TaskMessage

logger = logging.getLogger(__name__)

# What a publish raises when the broker is down or does not answer.
BROKER_ERRORS = (BrokerOperationalError, RedisConnectionError, RedisTimeoutError, OSError)

# A single publish attempt: with the broker down the call fails at once and the row waits for the
# next dispatch, instead of holding up the request whose transaction has just committed. (With
# ``retry=False`` Celery would instead keep reconnecting for ``broker_connection_timeout``.)
PUBLISH_RETRY_POLICY = {"max_retries": 0}

# How long a row enqueued for a broker is left to the process that committed it: the periodic
# dispatch takes it only after that (or after a failed attempt), so the two never race to send it.
DISPATCH_LEASE = timedelta(seconds=30)
RETRY_DELAY_FIRST = timedelta(seconds=30)
RETRY_DELAY_MAX = timedelta(minutes=5)
KEEP_DISPATCHED = timedelta(days=7)
PURGE_BATCH_SIZE = 1000
ERROR_MAX_LENGTH = 2000


class _EagerTaskFailed(Exception):
    """A task run in-process failed without raising (``task_eager_propagates`` off)."""


def task_enqueue(*, task: str, kwargs: dict) -> TaskMessage:
    """Record ``task`` with ``kwargs`` in the caller's transaction; send it when that commits.

    Raises ``ValueError`` at once for a name that is not a registered Celery task or for
    arguments that do not survive a JSON round trip (tasks take ids, not objects). Outside a
    transaction the row is written and sent straight away.
    """
    _task_lookup(name=task)
    _kwargs_validate(kwargs=kwargs)
    if app.conf.task_always_eager:
        # Run in-process on commit, under the row lock and a savepoint (``outbox_dispatch``).
        message = TaskMessage.objects.create(task=task, kwargs=kwargs)
        dispatch = partial(outbox_dispatch, message_ids=[message.pk])
    else:
        # Published on commit by this process alone: the lease keeps the periodic dispatch off
        # the row meanwhile, so no lock (no second transaction) is needed to send it once.
        message = TaskMessage.objects.create(
            task=task, kwargs=kwargs, next_attempt_at=timezone.now() + DISPATCH_LEASE
        )
        dispatch = partial(_dispatch_leased, message=message)
    # robust: the caller's transaction has committed by then; nothing may be raised into it.
    transaction.on_commit(dispatch, robust=True)
    return message


def outbox_dispatch(*, message_ids: Iterable[int]) -> int:
    """Send these messages if still pending, due or not; return how many were sent."""
    ids = list(message_ids)
    if not ids:
        return 0
    with transaction.atomic():
        messages = list(_claim(TaskMessage.objects.filter(pk__in=ids)))
        return _send_all(messages=messages)


def outbox_dispatch_pending(*, limit: int = 500, due_only: bool = True) -> int:
    """Send up to ``limit`` pending messages, oldest first; return how many were sent.

    Messages whose last attempt failed, or still leased to the process that committed them, wait
    for their ``next_attempt_at`` unless ``due_only`` is off (after an outage, to send everything
    now). Also deletes a bounded batch of messages
    dispatched more than a week ago.
    """
    with transaction.atomic():
        pending = TaskMessage.objects.all()
        if due_only:
            pending = pending.filter(next_attempt_at__lte=timezone.now())
        messages = list(_claim(pending)[:limit])
        sent = _send_all(messages=messages)
    outbox_purge_dispatched()
    return sent


def outbox_purge_dispatched(*, older_than: timedelta = KEEP_DISPATCHED) -> int:
    """Delete up to one batch of messages dispatched before ``older_than`` ago."""
    cutoff = timezone.now() - older_than
    ids = list(
        TaskMessage.objects.filter(dispatched_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:PURGE_BATCH_SIZE]
    )
    if not ids:
        return 0
    deleted, _ = TaskMessage.objects.filter(pk__in=ids).delete()
    return deleted


# --- Internals --------------------------------------------------------------------------------


def _claim(queryset: QuerySet[TaskMessage]) -> QuerySet[TaskMessage]:
    """Pending rows, locked in a stable order; rows another dispatcher holds are skipped.

    On SQLite ``select_for_update`` does nothing: two dispatchers running at the same instant
    could both send a row there, which at-least-once delivery and idempotent tasks absorb.
    """
    return (
        queryset.filter(dispatched_at__isnull=True)
        .select_for_update(skip_locked=True)
        .order_by("pk")
    )


def _dispatch_leased(*, message: TaskMessage) -> bool:
    """Publish a message enqueued for a broker once its transaction committed; mark it sent.

    One statement: the publish touches no table, and the row is leased to this process (see
    ``DISPATCH_LEASE``), so it needs no transaction of its own. Still marked only after the
    broker took it; a row a dispatcher sent meanwhile is left as it is.
    """
    try:
        _send(message=message)
    except BROKER_ERRORS as error:
        _failure_record(message=message, error=error, task_failed=False)
        logger.warning(
            "outbox: the broker is unavailable (%s); task %s (message %s) stays pending until "
            "the next dispatch",
            error,
            message.task,
            message.pk,
        )
        return False
    except Exception as error:  # noqa: BLE001 - a failing publish must not break the caller
        _failure_record(message=message, error=error, task_failed=True)
        return False
    message.dispatched_at = timezone.now()
    TaskMessage.objects.filter(pk=message.pk, dispatched_at__isnull=True).update(
        dispatched_at=message.dispatched_at
    )
    return True


def _send_all(*, messages: list[TaskMessage]) -> int:
    """Send each message inside the caller's transaction, which holds their row locks."""
    sent = 0
    for index, message in enumerate(messages):
        try:
            # A savepoint: a task run in-process that breaks the transaction or fails halfway
            # leaves nothing behind, and the rest of the batch carries on.
            with transaction.atomic():
                _send(message=message)
        except BROKER_ERRORS as error:
            if app.conf.task_always_eager:
                _failure_record(message=message, error=error, task_failed=True)
                continue
            _failure_record(message=message, error=error, task_failed=False)
            # The broker is down: the rest of the batch waits for the next dispatch.
            logger.warning(
                "outbox: the broker is unavailable (%s); task %s (message %s) and %s more "
                "stay pending until the next dispatch",
                error,
                message.task,
                message.pk,
                len(messages) - index - 1,
            )
            break
        except Exception as error:  # noqa: BLE001 - a failing task must not break the caller
            _failure_record(message=message, error=error, task_failed=True)
            continue
        message.dispatched_at = timezone.now()
        message.save(update_fields=["dispatched_at"])
        sent += 1
    return sent


def _send(*, message: TaskMessage) -> None:
    task = _task_lookup(name=message.task)
    # Through the task, not ``send_task``: without a broker the task then runs in-process.
    result = task.apply_async(kwargs=message.kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    if isinstance(result, EagerResult) and result.failed():
        raise _EagerTaskFailed(f"{result.result!r}\n{result.traceback or ''}".strip())


def _failure_record(*, message: TaskMessage, error: Exception, task_failed: bool) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
    delay = min(RETRY_DELAY_FIRST * 2 ** (message.attempts - 1), RETRY_DELAY_MAX)
    message.next_attempt_at = timezone.now() + delay
    message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    if task_failed:
        logger.error(
            "outbox: task %s (message %s) failed, attempt %s; retried after %s",
            message.task,
            message.pk,
            message.attempts,
            message.next_attempt_at.isoformat(timespec="seconds"),
            exc_info=error,
        )


def _task_lookup(*, name: str) -> Task:
    if not isinstance(name, str) or not name:
        raise ValueError(f"outbox: the task name must be a non-empty string, got {name!r}")
    if name not in app.tasks:
        # A task registers when its module is imported; import every app's tasks module (as
        # the worker does) before deciding. Cheap: modules already imported are not reloaded.
        autodiscover_modules("tasks")
    try:
        return app.tasks[name]
    except KeyError:
        raise ValueError(f"outbox: {name!r} is not a registered Celery task") from None


def _kwargs_validate(*, kwargs: dict) -> None:
    if not isinstance(kwargs, dict):
        raise ValueError(f"outbox: kwargs must be a dict, got {type(kwargs).__name__}")
    bad_keys = [key for key in kwargs if not isinstance(key, str)]
    if bad_keys:
        raise ValueError(f"outbox: kwargs keys must be strings, got {bad_keys!r}")
    try:
        encoded = json.dumps(kwargs, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"outbox: kwargs must be JSON-serialisable (pass ids, not objects): {error}"
        ) from None
    if json.loads(encoded) != kwargs:
        raise ValueError(
            "outbox: kwargs must survive a JSON round trip unchanged (no tuples or sets)"
        )
