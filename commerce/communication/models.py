"""Oscar's communication models, plus notification templates, preferences and the delivery log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from commerce.communication.events import EVENT_LABELS, Channel, Event

EVENT_CHOICES = [(event.value, EVENT_LABELS[event]) for event in Event]
CHANNEL_CHOICES = [(Channel.EMAIL.value, _("Email")), (Channel.SMS.value, _("SMS"))]


class NotificationTemplate(models.Model):
    """A merchandiser's wording for one event, channel and language (overrides the default)."""

    event = models.CharField(_("Event"), max_length=32, choices=EVENT_CHOICES)
    channel = models.CharField(_("Channel"), max_length=8, choices=CHANNEL_CHOICES)
    language = models.CharField(_("Language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("Subject"), max_length=255, blank=True)
    body = models.TextField(_("Body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "language"], name="notification_template_unique"
            )
        ]
        ordering = ["event", "channel", "language"]

    def __str__(self):
        return f"{self.event} {self.channel} {self.language}"


class NotificationPreference(models.Model):
    """Which channels a customer wants for each kind of message."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    phone_number = PhoneNumberField(_("Mobile number"), blank=True)
    order_updates_email = models.BooleanField(_("Order updates by email"), default=True)
    order_updates_sms = models.BooleanField(_("Order updates by SMS"), default=False)
    reminders_email = models.BooleanField(_("Reminders by email"), default=True)
    reminders_sms = models.BooleanField(_("Reminders by SMS"), default=False)

    def __str__(self):
        return f"preferences of {self.user_id}"


class Message(models.Model):
    """One message to one recipient on one channel: the delivery log."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    event = models.CharField(_("Event"), max_length=32, choices=EVENT_CHOICES)
    channel = models.CharField(_("Channel"), max_length=8, choices=CHANNEL_CHOICES)
    recipient = models.CharField(_("Recipient"), max_length=255)
    language = models.CharField(_("Language"), max_length=8)
    subject = models.CharField(_("Subject"), max_length=255, blank=True)
    body = models.TextField(_("Body"))
    status = models.CharField(
        _("Status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("Attempts"), default=0)
    provider_message_id = models.CharField(_("Provider message id"), max_length=255, blank=True)
    last_error = models.TextField(_("Last error"), blank=True)
    # Event, subject (an order, a basket, a stock record) and recipient: the same event is
    # never sent twice to the same recipient, however often its task runs.
    dedupe_key = models.CharField(max_length=255, unique=True)
    order = models.ForeignKey(
        "order.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="message_status_created")]

    def __str__(self):
        return f"{self.event} to {self.recipient} by {self.channel}: {self.status}"


from oscar.apps.communication.models import *  # noqa: E402
