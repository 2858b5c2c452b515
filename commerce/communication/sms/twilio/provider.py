"""Twilio provider: one Message resource per SMS."""

from __future__ import annotations

import logging
import re

from django.conf import settings

from commerce.communication.sms.interface import SmsMessage, SmsResult
from commerce.communication.sms.providers import provider_timeout, required_settings
from commerce.communication.sms.twilio.client import TwilioAPIError, TwilioClient

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.twilio.com"

# A Messaging Service SID: Twilio then picks the sender from the service's pool, so the one
# setting can name either a sender or a service.
_MESSAGING_SERVICE_SID = re.compile(r"^MG[0-9a-fA-F]{32}$")


class TwilioProvider:
    code = "twilio"

    def __init__(self, *, client: TwilioClient, sender: str):
        self.client = client
        # An E.164 number or an alphanumeric sender id, sent as From; or a Messaging Service SID.
        self.sender = sender

    def send(self, *, message: SmsMessage) -> SmsResult:
        fields = {"To": message.to}
        if _MESSAGING_SERVICE_SID.match(self.sender):
            fields["MessagingServiceSid"] = self.sender
        else:
            fields["From"] = self.sender
        fields["Body"] = message.body
        answer = self.client.message_create(fields=fields)
        sid = str(answer.get("sid") or "")
        if not sid:
            raise TwilioAPIError(
                f"Twilio accepted SMS {message.reference} but sent no message sid",
                permanent=True,
            )
        status = str(answer.get("status") or "queued")
        logger.info(
            "SMS %s to %s: Twilio message %s, %s", message.reference, message.to, sid, status
        )
        return SmsResult(provider_message_id=sid, status=status)


def provider_from_settings() -> TwilioProvider:
    """The Twilio provider; ImproperlyConfigured names any credential that is not set."""
    values = required_settings(
        "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", provider="twilio"
    )
    return TwilioProvider(
        client=TwilioClient(
            account_sid=values["TWILIO_ACCOUNT_SID"],
            auth_token=values["TWILIO_AUTH_TOKEN"],
            api_base=getattr(settings, "TWILIO_API_BASE", "") or DEFAULT_API_BASE,
            timeout=provider_timeout(),
        ),
        sender=values["TWILIO_FROM_NUMBER"],
    )
