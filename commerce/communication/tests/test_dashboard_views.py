"""The notification screens of the dashboard: the delivery log with resend, and the templates."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.communication.models import Message, NotificationTemplate

User = get_model("auth", "User")

pytestmark = pytest.mark.django_db

MESSAGES_URL = "/dashboard/notifications/messages/"
TEMPLATES_URL = "/dashboard/notifications/templates/"
NOTIFICATION_PERMISSIONS = ("view_message", "change_message", "change_notificationtemplate")


@pytest.fixture
def merchandiser(client):
    # What the Merchandisers role grants once it manages the communication models; a no-op then.
    group = Group.objects.get(name="Merchandisers")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="communication", codename__in=NOTIFICATION_PERMISSIONS
        )
    )
    user = User.objects.get(email="merchandiser@example.com")
    client.force_login(user)
    return user


def message_create(*, recipient, status=Message.Status.SENT, channel="email", age_minutes=0, **kw):
    message = Message.objects.create(
        event="order_placed",
        channel=channel,
        recipient=recipient,
        language="en",
        subject="Order received" if channel == "email" else "",
        body="Thank you",
        status=status,
        dedupe_key=f"test:{recipient}:{channel}:{age_minutes}",
        **kw,
    )
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=age_minutes)
    )
    return message


@pytest.fixture
def log():
    Message.objects.all().delete()
    return {
        "failed": message_create(
            recipient="+243812345678",
            channel="sms",
            status=Message.Status.FAILED,
            attempts=3,
            last_error="provider unreachable",
            age_minutes=1,
        ),
        "sent": message_create(
            recipient="alice@example.org",
            provider_message_id="prov-123",
            attempts=1,
            sent_at=timezone.now(),
            age_minutes=5,
        ),
        "queued": message_create(
            recipient="bob@example.org", status=Message.Status.QUEUED, age_minutes=10
        ),
    }


def listed(response) -> list[int]:
    return [m.pk for m in response.context["message_list"]]


def test_the_log_lists_messages_newest_first_with_their_delivery_details(client, merchandiser, log):
    response = client.get(MESSAGES_URL)
    assert response.status_code == 200
    assert listed(response) == [log["failed"].pk, log["sent"].pk, log["queued"].pk]
    html = response.content.decode()
    for text in ("provider unreachable", "prov-123", "+243812345678", "alice@example.org"):
        assert text in html
    assert 'class="table-danger"' in html  # the failed row stands out
    assert html.count('class="table-danger"') == 1


def test_the_log_filters_by_status_channel_and_recipient(client, merchandiser, log):
    assert listed(client.get(MESSAGES_URL, {"status": "failed"})) == [log["failed"].pk]
    assert listed(client.get(MESSAGES_URL, {"channel": "email"})) == [
        log["sent"].pk,
        log["queued"].pk,
    ]
    assert listed(client.get(MESSAGES_URL, {"recipient": "ALICE"})) == [log["sent"].pk]
    assert listed(client.get(MESSAGES_URL, {"channel": "sms", "status": "sent"})) == []


def test_the_log_pages_by_fifty(client, merchandiser, log):
    for i in range(50):
        message_create(recipient=f"bulk{i}@example.org", age_minutes=100 + i)
    first = client.get(MESSAGES_URL, {"channel": "email"})
    assert len(listed(first)) == 50 and first.context["is_paginated"]
    second = client.get(MESSAGES_URL, {"channel": "email", "page": 2})
    assert len(listed(second)) == 2
    assert "channel=email&amp;page=2" in first.content.decode()


def test_resend_calls_the_service_and_returns_to_the_log(client, merchandiser, log):
    back = f"{MESSAGES_URL}?status=failed"
    with mock.patch("commerce.communication.services.message_resend") as resend:
        response = client.post(
            f"{MESSAGES_URL}{log['failed'].pk}/resend/", {"next": back}, follow=True
        )
    resend.assert_called_once_with(message_id=log["failed"].pk)
    assert response.redirect_chain[-1][0] == back
    assert "queued to be sent again" in response.content.decode()


def test_resend_queues_the_failed_message_again(client, merchandiser, log):
    from commerce.outbox.models import TaskMessage

    client.post(f"{MESSAGES_URL}{log['failed'].pk}/resend/")
    log["failed"].refresh_from_db()
    assert log["failed"].status == Message.Status.QUEUED
    assert TaskMessage.objects.filter(kwargs={"message_id": log["failed"].pk}).exists()


def test_resend_does_not_redirect_off_site_and_refuses_get(client, merchandiser, log):
    url = f"{MESSAGES_URL}{log['failed'].pk}/resend/"
    with mock.patch("commerce.communication.services.message_resend") as resend:
        assert client.get(url).status_code == 405
        response = client.post(url, {"next": "https://evil.example.com/"})
    assert response.status_code == 302 and response["Location"] == MESSAGES_URL
    assert resend.call_count == 1
    assert client.post(f"{MESSAGES_URL}999999/resend/").status_code == 404


@pytest.mark.parametrize("email", ["customer@example.com", "editor@example.com"])
def test_customers_and_editors_are_refused(client, log, email):
    client.force_login(User.objects.get(email=email))
    with mock.patch("commerce.communication.services.message_resend") as resend:
        assert client.post(f"{MESSAGES_URL}{log['failed'].pk}/resend/").status_code == 403
    resend.assert_not_called()
    for url in (MESSAGES_URL, TEMPLATES_URL, f"{TEMPLATES_URL}order_placed/email/en/"):
        assert client.get(url).status_code == 403


def test_staff_without_the_permissions_are_refused(client, log):
    client.force_login(User.objects.create_user("plainstaff", "plain@example.com", is_staff=True))
    assert client.get(MESSAGES_URL).status_code == 403
    assert client.get(TEMPLATES_URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(MESSAGES_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_dashboard_menu_offers_messages_and_templates(client, merchandiser):
    html = client.get("/dashboard/").content.decode()
    assert MESSAGES_URL in html and TEMPLATES_URL in html


def test_the_template_list_shows_which_wordings_are_custom(client, merchandiser):
    NotificationTemplate.objects.update_or_create(
        event="order_shipped", channel="sms", language="fr", defaults={"body": "Expédié"}
    )
    response = client.get(TEMPLATES_URL)
    assert response.status_code == 200
    rows = {(r["event"], r["channel"], r["language"]): r for r in response.context["rows"]}
    assert len(rows) == 9 * 2 * 2
    assert rows[("order_shipped", "sms", "fr")]["custom"] is not None
    assert f"{TEMPLATES_URL}order_shipped/sms/fr/" in response.content.decode()


def test_the_edit_form_starts_from_the_default_and_saves_an_override(client, merchandiser):
    NotificationTemplate.objects.filter(event="order_placed").delete()
    url = f"{TEMPLATES_URL}order_placed/email/fr/"
    form = client.get(url).context["form"]
    assert "commande {{ order.number }}" in form.initial["subject"]
    assert "Bonjour {{ name }}" in form.initial["body"]

    response = client.post(url, {"subject": "Commande {{ order.number }}", "body": "Merci !"})
    assert response.status_code == 302 and response["Location"] == TEMPLATES_URL
    saved = NotificationTemplate.objects.get(event="order_placed", channel="email", language="fr")
    assert (saved.subject, saved.body) == ("Commande {{ order.number }}", "Merci !")

    assert client.get(url).context["form"]["body"].value() == "Merci !"
    client.post(url, {"subject": "Commande", "body": "Merci beaucoup"})
    saved.refresh_from_db()
    assert saved.body == "Merci beaucoup"
    assert NotificationTemplate.objects.filter(event="order_placed").count() == 1


def test_a_broken_template_is_refused_naming_the_field(client, merchandiser):
    NotificationTemplate.objects.filter(event="order_placed").delete()
    url = f"{TEMPLATES_URL}order_placed/email/en/"
    response = client.post(
        url, {"subject": "Order {{ order.number|nosuchfilter }}", "body": "{% if x %}never"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Subject" in errors["subject"][0] and "Body" in errors["body"][0]
    assert not NotificationTemplate.objects.filter(event="order_placed").exists()


def test_email_needs_a_subject_and_sms_has_none(client, merchandiser):
    NotificationTemplate.objects.filter(event="order_placed").delete()
    response = client.post(f"{TEMPLATES_URL}order_placed/email/en/", {"subject": "", "body": "Hi"})
    assert "subject" in response.context["form"].errors

    sms_url = f"{TEMPLATES_URL}order_placed/sms/en/"
    assert "subject" not in client.get(sms_url).context["form"].fields
    client.post(sms_url, {"subject": "ignored", "body": "Order {{ order.number }} received"})
    saved = NotificationTemplate.objects.get(event="order_placed", channel="sms", language="en")
    assert saved.subject == "" and saved.body == "Order {{ order.number }} received"


def test_unknown_events_channels_and_languages_are_not_found(client, merchandiser):
    for path in ("nope/email/en/", "order_placed/fax/en/", "order_placed/email/de/"):
        assert client.get(f"{TEMPLATES_URL}{path}").status_code == 404
