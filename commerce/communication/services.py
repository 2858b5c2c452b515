"""Telling customers and staff what happens: messages queued, rendered, sent and logged.

Each notification becomes one ``Message`` per recipient and channel, written in the caller's
transaction under a dedupe key (event, subject, channel, recipient), so the same event never
reaches the same person twice however often its task runs. A ``message_send`` task per message
delivers it (``message_deliver``): temporary provider errors are retried with exponential
backoff, permanent ones leave the message ``failed`` with its error, visible in the dashboard.

Template context: ``shop_name``, ``name`` (the customer's first name), ``order``, ``total``
(formatted in the order's language), ``carrier``, ``tracking_number``, ``refunded``,
``reset_url``, ``product_title``, ``partner``, ``available``, ``threshold``, ``items``,
``basket_url``.
"""

from __future__ import annotations

import logging
import smtplib
import socket
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone, translation
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from commerce.communication.defaults import DEFAULT_TEMPLATES
from commerce.communication.events import EVENT_KIND, STATUS_EVENTS, Channel, Event, Kind
from commerce.communication.models import Message, NotificationPreference, NotificationTemplate
from commerce.outbox.services import task_enqueue

logger = logging.getLogger(__name__)

SEND_TASK = "commerce.communication.tasks.message_send"


class TemporaryFailure(Exception):
    """The provider could not take the message now; try again later."""


# --- Templates --------------------------------------------------------------------------------


def template_text(*, event: str, channel: str, language: str) -> tuple[str, str]:
    """Subject and body: the merchandisers' version if any, else the default; French falls back
    to English where neither has a French text."""
    languages = [language] if language == settings.LANGUAGE_CODE else [language, "en"]
    for code in languages:
        custom = NotificationTemplate.objects.filter(
            event=event, channel=channel, language=code
        ).first()
        if custom is not None and custom.body.strip():
            return custom.subject, custom.body
        default = DEFAULT_TEMPLATES.get((event, channel, code))
        if default is not None:
            return default
    raise LookupError(f"no template for {event} {channel}")


def message_render(*, event: str, channel: str, language: str, context: dict) -> tuple[str, str]:
    subject, body = template_text(event=event, channel=channel, language=language)
    with translation.override(language):
        rendered = Context({"shop_name": settings.OSCAR_SHOP_NAME, **context}, autoescape=False)
        return (
            " ".join(Template(subject).render(rendered).split())[:255],
            Template(body).render(rendered).strip(),
        )


# --- Queueing ---------------------------------------------------------------------------------


def _message_queue(
    *,
    event: Event,
    channel: Channel,
    recipient: str,
    language: str,
    context: dict,
    subject_key: str,
    order=None,
    user=None,
) -> Message | None:
    """One message, once: returns None when this event already went to this recipient."""
    if not recipient:
        return None
    dedupe_key = f"{event}:{subject_key}:{channel}:{recipient}"[:255]
    if Message.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    subject, body = message_render(event=event, channel=channel, language=language, context=context)
    with transaction.atomic():
        message, created = Message.objects.get_or_create(
            dedupe_key=dedupe_key,
            defaults={
                "event": event,
                "channel": channel,
                "recipient": recipient,
                "language": language,
                "subject": subject,
                "body": body,
                "order": order,
                "user": user,
            },
        )
        if not created:
            return None
        task_enqueue(task=SEND_TASK, kwargs={"message_id": message.pk})
    return message


def _channels_for(*, user, kind: Kind) -> tuple[bool, str]:
    """(email wanted, phone for SMS or "") for a customer and a kind of message."""
    if user is None or kind in (Kind.ACCOUNT, Kind.STAFF):
        return True, ""
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is None:
        return True, ""
    if kind == Kind.ORDER_UPDATES:
        email, sms = preference.order_updates_email, preference.order_updates_sms
    else:
        email, sms = preference.reminders_email, preference.reminders_sms
    phone = str(preference.phone_number) if sms and preference.phone_number else ""
    return email, phone


def _order_context(order, *, language: str) -> dict:
    address = order.shipping_address
    name = (address.first_name if address else "") or (order.user.first_name if order.user else "")
    shipment = order.shipping_events.exclude(tracking_number="").order_by("-pk").first()
    source = order.sources.order_by("pk").first()
    with translation.override(language):
        return {
            "order": order,
            "name": name,
            "total": currency(order.total_incl_tax, order.currency),
            "carrier": shipment.carrier if shipment else "",
            "tracking_number": shipment.tracking_number if shipment else "",
            "refunded": currency(
                source.amount_refunded if source else Decimal("0"), order.currency
            ),
        }


def order_notify(*, order_id: int, event: Event) -> list[Message]:
    """Tell an order's customer about ``event`` by the channels they chose, in the order's
    language."""
    order = (
        get_model("order", "Order")
        .objects.select_related("user", "shipping_address")
        .get(pk=order_id)
    )
    language = order.language or settings.LANGUAGE_CODE
    context = _order_context(order, language=language)
    # Each refund is news of its own; every other event happens once per order.
    subject_key = f"order:{order.pk}"
    if event == Event.ORDER_REFUNDED:
        subject_key += f":refunded:{context['refunded']}"
    email_wanted, phone = _channels_for(user=order.user, kind=EVENT_KIND[event])
    queued = [
        _message_queue(
            event=event,
            channel=Channel.EMAIL,
            recipient=order.email if email_wanted else "",
            language=language,
            context=context,
            subject_key=subject_key,
            order=order,
            user=order.user,
        ),
        _message_queue(
            event=event,
            channel=Channel.SMS,
            recipient=phone,
            language=language,
            context=context,
            subject_key=subject_key,
            order=order,
            user=order.user,
        ),
    ]
    return [message for message in queued if message is not None]


def order_status_notify(*, order_id: int, new_status: str) -> list[Message]:
    event = STATUS_EVENTS.get(new_status)
    if event is None:
        return []
    return order_notify(order_id=order_id, event=event)


def low_stock_notify(*, stockrecord_id: int) -> list[Message]:
    """Tell the merchandisers (by email, and SMS where they gave a number) about low stock."""
    from commerce.roles.services import ROLES, Role

    record = (
        get_model("partner", "StockRecord")
        .objects.select_related("product", "partner")
        .get(pk=stockrecord_id)
    )
    context = {
        "product_title": record.product.get_title(),
        "partner": record.partner.display_name,
        "available": record.net_stock_level,
        "threshold": record.low_stock_threshold,
    }
    # One message per crossing: the key carries the moment of the alert's stock level.
    subject_key = f"stockrecord:{record.pk}:{record.num_in_stock}:{record.num_allocated}"
    staff = (
        get_user_model()
        .objects.filter(groups__name=ROLES[Role.MERCHANDISER].group_name, is_active=True)
        .distinct()
    )
    queued = []
    for user in staff:
        preference = NotificationPreference.objects.filter(user=user).first()
        phone = str(preference.phone_number) if preference and preference.phone_number else ""
        for channel, recipient in ((Channel.EMAIL, user.email), (Channel.SMS, phone)):
            queued.append(
                _message_queue(
                    event=Event.LOW_STOCK,
                    channel=channel,
                    recipient=recipient,
                    language=settings.LANGUAGE_CODE,
                    context=context,
                    subject_key=subject_key,
                    user=user,
                )
            )
    return [message for message in queued if message is not None]


# --- Delivery ---------------------------------------------------------------------------------

_TEMPORARY_SMTP_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    socket.timeout,
    ConnectionError,
    TimeoutError,
)


def _email_send(message: Message) -> str:
    message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> "))
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPResponseException as error:
        # 4xx: the server asks to try later; 5xx: it will never take this message.
        if 400 <= error.smtp_code < 500:
            raise TemporaryFailure(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        raise
    except _TEMPORARY_SMTP_ERRORS as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
    return message_id


def _sms_send(message: Message) -> str:
    from commerce.communication.sms.interface import SmsError, SmsMessage
    from commerce.communication.sms.providers import sms_provider

    try:
        result = sms_provider().send(
            message=SmsMessage(to=message.recipient, body=message.body, reference=str(message.pk))
        )
    except SmsError as error:
        if error.permanent:
            raise
        raise TemporaryFailure(str(error)) from error
    return result.provider_message_id


def message_deliver(*, message_id: int) -> Message:
    """Send a queued message once; raises TemporaryFailure so the task retries later."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != Message.Status.QUEUED:
            return message  # sent already, or given up: a repeated task changes nothing
        message.attempts += 1
        try:
            provider_id = (
                _email_send(message) if message.channel == Channel.EMAIL else _sms_send(message)
            )
        except TemporaryFailure as error:
            message.last_error = str(error)
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("message %s: attempt %s failed: %s", message.pk, message.attempts, error)
            failure = error
        except Exception as error:  # permanent: the provider will never take it
            message.status = Message.Status.FAILED
            message.last_error = f"{type(error).__name__}: {error}"
            message.save(update_fields=["attempts", "status", "last_error"])
            logger.error("message %s failed for good: %s", message.pk, message.last_error)
            return message
        else:
            message.status = Message.Status.SENT
            message.provider_message_id = provider_id[:255]
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(
                update_fields=["attempts", "status", "provider_message_id", "sent_at", "last_error"]
            )
            return message
    raise failure


def message_give_up(*, message_id: int) -> Message:
    """After the last retry: the message stays failed, with its last error, until resent."""
    Message.objects.filter(pk=message_id, status=Message.Status.QUEUED).update(
        status=Message.Status.FAILED
    )
    return Message.objects.get(pk=message_id)


def message_resend(*, message_id: int) -> Message:
    """Queue a message again (the dashboard's resend action)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        message.status = Message.Status.QUEUED
        message.save(update_fields=["status"])
        task_enqueue(task=SEND_TASK, kwargs={"message_id": message.pk})
    return message


def password_reset_notify(*, user_id: int, reset_url: str, language: str) -> list[Message]:
    """The password reset link, by email only (it must reach the account's own address)."""
    import hashlib

    user = get_user_model().objects.get(pk=user_id)
    # Every request is news of its own: its link is in the key.
    link = hashlib.sha256(reset_url.encode()).hexdigest()[:16]
    message = _message_queue(
        event=Event.PASSWORD_RESET,
        channel=Channel.EMAIL,
        recipient=user.email,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        context={"name": user.first_name, "reset_url": reset_url},
        subject_key=f"user:{user.pk}:reset:{link}",
        user=user,
    )
    return [message] if message else []


def order_placed_email_send(*, order_id: int) -> list[Message]:
    """The order confirmation (its task keeps this first name: messages already queued use it)."""
    return order_notify(order_id=order_id, event=Event.ORDER_PLACED)


def basket_reminders_queue(*, now=None) -> int:
    """Remind customers of baskets left alone for BASKET_REMINDER_HOURS, once per basket."""
    from datetime import timedelta

    from django.db.models import Max
    from django.urls import reverse

    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.BASKET_REMINDER_HOURS)
    # Baskets older than a week are left alone: a reminder that late is noise.
    oldest = cutoff - timedelta(days=7)
    baskets = (
        get_model("basket", "Basket")
        .open.filter(owner__isnull=False, owner__is_active=True)
        .annotate(last_added=Max("lines__date_created"))
        .filter(last_added__lt=cutoff, last_added__gte=oldest)
        .select_related("owner")
    )
    queued = 0
    for basket in baskets:
        user = basket.owner
        email_wanted, phone = _channels_for(user=user, kind=Kind.REMINDERS)
        language = settings.LANGUAGE_CODE
        with translation.override(language):
            basket_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("basket:summary")
        context = {"name": user.first_name, "items": basket.num_items, "basket_url": basket_url}
        for channel, recipient in (
            (Channel.EMAIL, user.email if email_wanted else ""),
            (Channel.SMS, phone),
        ):
            if _message_queue(
                event=Event.BASKET_REMINDER,
                channel=channel,
                recipient=recipient,
                language=language,
                context=context,
                subject_key=f"basket:{basket.pk}",
                user=user,
            ):
                queued += 1
    return queued
