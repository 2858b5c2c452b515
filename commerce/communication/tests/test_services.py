"""Notifications: who gets what, in which language and on which channel, exactly once, with
retries for temporary failures and a visible permanent failure."""

from __future__ import annotations

import smtplib
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.communication import services
from commerce.communication.events import Event
from commerce.communication.models import Message, NotificationPreference, NotificationTemplate
from commerce.communication.sms.twilio.tests.fake_twilio import FakeTwilio
from commerce.communication.tasks import basket_reminders_send, message_send
from commerce.order import statuses
from commerce.order.services import order_ship, order_status_change
from testkit.factories.order import order_place
from testkit.transactions import committed

Order = get_model("order", "Order")
User = get_model("auth", "User")
Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

TWILIO_SID = "AC" + "0123456789abcdef" * 2
TWILIO_TOKEN = "fake-auth-token"


def sent(order, event):
    return list(order.messages.filter(event=event).order_by("channel"))


def test_the_confirmation_is_written_in_the_language_of_the_order():
    with committed():
        order = order_place(email="client@example.fr")
        Order.objects.filter(pk=order.pk).update(language="fr")
        services.order_notify(order_id=order.pk, event=Event.ORDER_PLACED)
    [message] = sent(order, Event.ORDER_PLACED)
    assert message.status == Message.Status.SENT
    assert message.subject.endswith(f"commande {order.number} reçue")
    assert mail.outbox[-1].to == ["client@example.fr"]
    assert "Merci pour votre commande" in mail.outbox[-1].body


def test_status_changes_tell_the_customer_with_carrier_and_tracking():
    customer = User.objects.get(email="customer@example.com")
    with committed():
        order = order_place(user=customer)
        order_status_change(order_id=order.pk, new_status=statuses.PAID)
        order_ship(order_id=order.pk, carrier="DHL", tracking_number="JD0042")
    assert [m.status for m in sent(order, Event.PAYMENT_RECEIVED)] == ["sent"]
    [shipped] = sent(order, Event.ORDER_SHIPPED)
    assert "DHL" in shipped.body and "JD0042" in shipped.body
    assert shipped.recipient == "customer@example.com"


def test_a_customer_who_chose_sms_gets_an_sms_and_no_email(settings):
    customer = User.objects.get(email="customer@example.com")
    NotificationPreference.objects.create(
        user=customer,
        phone_number="+243812345678",
        order_updates_email=False,
        order_updates_sms=True,
    )
    settings.SMS_PROVIDER = "console"
    with committed():
        order = order_place(user=customer)
        services.order_notify(order_id=order.pk, event=Event.ORDER_PLACED)
    [message] = sent(order, Event.ORDER_PLACED)
    assert (message.channel, message.recipient, message.status) == ("sms", "+243812345678", "sent")
    assert message.provider_message_id


def test_sms_goes_over_http_to_twilio(settings):
    customer = User.objects.get(email="customer@example.com")
    NotificationPreference.objects.create(
        user=customer, phone_number="+254712345678", order_updates_sms=True
    )
    with FakeTwilio(account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN) as twilio:
        settings.SMS_PROVIDER = "twilio"
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = TWILIO_SID, TWILIO_TOKEN
        settings.TWILIO_FROM_NUMBER, settings.TWILIO_API_BASE = "+15005550006", twilio.base_url
        with committed():
            order = order_place(user=customer)
            services.order_notify(order_id=order.pk, event=Event.ORDER_PLACED)
        sms = order.messages.get(channel="sms")
        assert sms.status == "sent"
        assert sms.provider_message_id in twilio.messages
        assert twilio.messages[sms.provider_message_id]["to"] == "+254712345678"


def test_a_refused_number_fails_for_good_at_the_first_attempt(settings):
    customer = User.objects.get(email="customer@example.com")
    NotificationPreference.objects.create(
        user=customer, phone_number="+254712345678", order_updates_sms=True
    )
    with FakeTwilio(account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN) as twilio:
        twilio.refuse_number("+254712345678")
        settings.SMS_PROVIDER = "twilio"
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = TWILIO_SID, TWILIO_TOKEN
        settings.TWILIO_FROM_NUMBER, settings.TWILIO_API_BASE = "+15005550006", twilio.base_url
        with committed():
            order = order_place(user=customer)
            services.order_notify(order_id=order.pk, event=Event.ORDER_PLACED)
    sms = order.messages.get(channel="sms")
    assert (sms.status, sms.attempts) == ("failed", 1)
    assert "21610" in sms.last_error


def test_the_same_event_is_never_sent_twice_to_the_same_recipient():
    with committed():
        order = order_place(email="once@example.org")
    outbox_before = len(mail.outbox)
    with committed():
        services.order_notify(order_id=order.pk, event=Event.PAYMENT_FAILED)
        services.order_notify(order_id=order.pk, event=Event.PAYMENT_FAILED)
    message = order.messages.get(event=Event.PAYMENT_FAILED)
    with committed():
        message_send.delay(message_id=message.pk)  # the task delivered twice
    assert len(mail.outbox) == outbox_before + 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


class FlakyBackend:
    """An email backend whose server drops the connection a set number of times."""

    failures = 0
    sent: list = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        FlakyBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.sent = []
    yield FlakyBackend
    FlakyBackend.failures = 0


def test_temporary_failures_are_retried_until_the_message_goes(flaky):
    flaky.failures = 2
    with committed():
        order = order_place(email="retry@example.org")
    message = order.messages.get(event=Event.ORDER_PLACED)
    assert (message.status, message.attempts) == ("sent", 3)
    assert [m.to for m in flaky.sent] == [["retry@example.org"]]


def test_a_message_that_keeps_failing_is_left_failed_with_its_error(flaky):
    flaky.failures = 100
    with committed():
        order = order_place(email="never@example.org")
    message = order.messages.get(event=Event.ORDER_PLACED)
    assert message.status == "failed"
    assert message.attempts == 7  # the first try and six retries
    assert "connection unexpectedly closed" in message.last_error

    flaky.failures = 0
    with committed():
        services.message_resend(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_worker_retries_with_exponentially_growing_delays(monkeypatch):
    delays = []

    def retry(**kwargs):
        delays.append(kwargs["countdown"])
        return RuntimeError("retry scheduled")

    def always_down(*, message_id):
        raise services.TemporaryFailure("down")

    monkeypatch.setattr(message_send, "retry", retry)
    monkeypatch.setattr(services, "message_deliver", always_down)
    for retries in range(4):
        message_send.push_request(retries=retries, is_eager=False)
        try:
            with pytest.raises(RuntimeError):
                message_send.run(message_id=1)
        finally:
            message_send.pop_request()
    assert delays == [30, 60, 120, 240]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def test_email_goes_to_a_real_smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        with committed():
            order = order_place(email="smtp@example.org")
        deadline = time.monotonic() + 5
        while not inbox.envelopes and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["smtp@example.org"]
    content = envelope.content.decode()
    assert f"order {order.number} received" in content
    message = order.messages.get(event=Event.ORDER_PLACED)
    assert message.status == "sent" and message.provider_message_id in content


def test_an_smtp_server_refusing_the_recipient_is_a_permanent_failure(settings):
    class Refusing(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return "550 5.1.1 No such user"

    controller = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        with committed():
            order = order_place(email="nobody@example.org")
    finally:
        controller.stop()
    message = order.messages.get(event=Event.ORDER_PLACED)
    assert (message.status, message.attempts) == ("failed", 1)
    assert "No such user" in message.last_error


def test_merchandisers_edit_the_wording_per_language():
    NotificationTemplate.objects.create(
        event=Event.PAYMENT_FAILED,
        channel="email",
        language="fr",
        subject="Oups : commande {{ order.number }}",
        body="Le paiement n'est pas passé.",
    )
    with committed():
        order = order_place()
        Order.objects.filter(pk=order.pk).update(language="fr")
        services.order_notify(order_id=order.pk, event=Event.PAYMENT_FAILED)
    [message] = sent(order, Event.PAYMENT_FAILED)
    assert message.subject == f"Oups : commande {order.number}"


def test_the_abandoned_basket_reminder_goes_once_per_basket(settings):
    settings.BASKET_REMINDER_HOURS = 24
    customer = User.objects.get(email="customer@example.com")
    from testkit.factories.partner import stocked_stockrecord

    basket = Basket.objects.create(owner=customer)
    basket.strategy = __import__("oscar.apps.partner.strategy", fromlist=["Default"]).Default()
    basket.add_product(stocked_stockrecord(minimum=1).product, 1)
    basket.lines.update(date_created=timezone.now() - timedelta(hours=25))

    with committed():
        basket_reminders_send.delay()
    with committed():
        basket_reminders_send.delay()  # beat runs it again

    reminders = Message.objects.filter(event=Event.BASKET_REMINDER, user=customer)
    assert [(m.channel, m.status) for m in reminders] == [("email", "sent")]
    assert "/basket/" in reminders[0].body


def test_a_basket_touched_recently_is_not_reminded(settings):
    settings.BASKET_REMINDER_HOURS = 24
    customer = User.objects.get(email="customer@example.com")
    from testkit.factories.partner import stocked_stockrecord

    basket = Basket.objects.create(owner=customer)
    basket.strategy = __import__("oscar.apps.partner.strategy", fromlist=["Default"]).Default()
    basket.add_product(stocked_stockrecord(minimum=1).product, 1)
    with committed():
        basket_reminders_send.delay()
    assert not Message.objects.filter(event=Event.BASKET_REMINDER).exists()


def test_low_stock_tells_the_merchandisers():
    from commerce.partner.tasks import stock_low_alert

    stockrecords = get_model("partner", "StockRecord").objects
    record = stockrecords.filter(num_in_stock__gt=0).first()
    stockrecords.filter(pk=record.pk).update(low_stock_threshold=record.num_in_stock)
    with committed():
        stock_low_alert.delay(stockrecord_id=record.pk)
    messages = Message.objects.filter(event=Event.LOW_STOCK)
    assert [m.recipient for m in messages] == ["merchandiser@example.com"]
    assert record.product.get_title() in messages[0].subject


def test_a_password_reset_link_goes_through_the_log(client):
    with committed():
        response = client.post("/fr/password-reset/", {"email": "customer@example.com"})
    assert response.status_code == 302
    message = Message.objects.get(event=Event.PASSWORD_RESET)
    assert (message.recipient, message.status, message.language) == (
        "customer@example.com",
        "sent",
        "fr",
    )
    assert "http://testserver/fr/password-reset/confirm/" in message.body
    assert "mot de passe" in mail.outbox[-1].subject
