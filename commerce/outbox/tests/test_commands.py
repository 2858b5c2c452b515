"""``manage.py outbox_dispatch``: send what is pending now and say so in one line."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from commerce.outbox.models import TaskMessage

EXPIRY = "commerce.order.tasks.orders_expire_unpaid"


def dispatch(*args: str) -> str:
    out = StringIO()
    call_command("outbox_dispatch", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_command_sends_every_pending_task_and_prints_a_summary():
    later = timezone.now() + datetime.timedelta(minutes=5)
    TaskMessage.objects.create(task=EXPIRY, attempts=3, next_attempt_at=later)
    TaskMessage.objects.create(task=EXPIRY)

    assert dispatch() == "Outbox: 2 task(s) dispatched, 0 still pending."
    assert not TaskMessage.objects.filter(dispatched_at__isnull=True).exists()
    assert dispatch() == "Outbox: 0 task(s) dispatched, 0 still pending."


@pytest.mark.django_db
def test_the_command_can_leave_tasks_that_are_not_due_yet():
    later = timezone.now() + datetime.timedelta(minutes=5)
    waiting = TaskMessage.objects.create(task=EXPIRY, attempts=1, next_attempt_at=later)
    TaskMessage.objects.create(task=EXPIRY)

    assert dispatch("--due-only") == "Outbox: 1 task(s) dispatched, 1 still pending."
    waiting.refresh_from_db()
    assert waiting.dispatched_at is None


@pytest.mark.django_db
def test_the_command_respects_the_limit():
    TaskMessage.objects.bulk_create([TaskMessage(task=EXPIRY) for _ in range(3)])

    assert dispatch("--limit", "2") == "Outbox: 2 task(s) dispatched, 1 still pending."
