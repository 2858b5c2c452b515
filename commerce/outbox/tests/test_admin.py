"""The outbox in the Django admin: a read-only list of the recorded tasks."""

import pytest
from django.urls import reverse
from django.utils import timezone

from commerce.outbox.models import TaskMessage


@pytest.fixture
def messages(db):
    pending = TaskMessage.objects.create(
        task="commerce.payment.tasks.payment_verify",
        kwargs={"order_id": 7},
        attempts=2,
        last_error="OperationalError: Error 111 connecting to redis:6379. Connection refused.",
    )
    sent = TaskMessage.objects.create(
        task="commerce.communication.tasks.order_placed_email_send",
        kwargs={"order_id": 7},
        dispatched_at=timezone.now(),
    )
    return pending, sent


def test_the_admin_lists_tasks_with_their_state(admin_client, messages):
    response = admin_client.get(reverse("admin:outbox_taskmessage_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "commerce.payment.tasks.payment_verify" in page
    assert "commerce.communication.tasks.order_placed_email_send" in page
    assert "Error 111 connecting to redis:6379" in page


def test_only_pending_tasks_can_be_listed(admin_client, messages):
    pending, _ = messages
    response = admin_client.get(
        reverse("admin:outbox_taskmessage_changelist"), {"dispatched_at__isempty": "1"}
    )

    assert list(response.context["cl"].result_list) == [pending]


def test_the_admin_is_read_only(admin_client, messages):
    pending, _ = messages
    change_url = reverse("admin:outbox_taskmessage_change", args=[pending.pk])

    assert admin_client.get(reverse("admin:outbox_taskmessage_add")).status_code == 403
    assert admin_client.get(change_url).status_code == 200  # viewable
    response = admin_client.post(change_url, {"task": "something.else", "attempts": 0})
    assert response.status_code == 403
    delete_url = reverse("admin:outbox_taskmessage_delete", args=[pending.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    pending.refresh_from_db()
    assert pending.task == "commerce.payment.tasks.payment_verify"
