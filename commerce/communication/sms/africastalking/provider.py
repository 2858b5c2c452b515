"""Africa's Talking provider: one recipient per call, judged by its status code."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from commerce.communication.sms.africastalking.client import (
    AfricasTalkingAPIError,
    AfricasTalkingClient,
)
from commerce.communication.sms.interface import SmsMessage, SmsResult
from commerce.communication.sms.providers import provider_timeout, required_settings

logger = logging.getLogger(__name__)

LIVE_API_BASE = "https://api.africastalking.com"
# Africa's Talking gives the sandbox application the user name "sandbox" and its own host;
# live credentials are refused there and sandbox credentials on the live host.
SANDBOX_USERNAME = "sandbox"
SANDBOX_API_BASE = "https://api.sandbox.africastalking.com"

# The documented per-recipient ``statusCode`` values.
STATUS_NAMES = {
    100: "Processed",
    101: "Sent",
    102: "Queued",
    401: "RiskHold",
    402: "InvalidSenderId",
    403: "InvalidPhoneNumber",
    404: "UnsupportedNumberType",
    405: "InsufficientBalance",
    406: "UserInBlacklist",
    407: "CouldNotRoute",
    409: "DoNotDisturbRejection",
    500: "InternalServerError",
    501: "GatewayError",
    502: "RejectedByGateway",
}
ACCEPTED_STATUS_CODES = frozenset({100, 101, 102})
# Failures on Africa's Talking's side or its gateway's, which may pass. Every other refusal is
# about the number, the sender id, the account's balance or its risk checks (a person has to
# act first), or a gateway rejecting this message (502), which sending it again will not change.
TEMPORARY_STATUS_CODES = frozenset({500, 501})


def _is_temporary(status_code: int) -> bool:
    # A server-side code the documentation does not list yet is treated like its siblings.
    return status_code in TEMPORARY_STATUS_CODES or (
        status_code >= 500 and status_code not in STATUS_NAMES
    )


class AfricasTalkingProvider:
    code = "africastalking"

    def __init__(self, *, client: AfricasTalkingClient, sender_id: str = ""):
        self.client = client
        # An approved alphanumeric sender id or short code; empty sends from the account's
        # default sender.
        self.sender_id = sender_id

    def send(self, *, message: SmsMessage) -> SmsResult:
        fields = {"to": message.to, "message": message.body}
        if self.sender_id:
            fields["from"] = self.sender_id
        answer = self.client.messaging_send(fields=fields)
        data = answer.get("SMSMessageData")
        data = data if isinstance(data, dict) else {}
        recipient = self._recipient(data, number=message.to)
        if recipient is None:
            # No status for the number: the whole request was turned down, and "Message" says
            # why (an unapproved sender id comes back as "InvalidSenderId" and no recipients).
            summary = str(data.get("Message") or "no recipients in the answer")
            known = {name: code for code, name in STATUS_NAMES.items()}.get(summary)
            raise AfricasTalkingAPIError(
                f"Africa's Talking did not send SMS {message.reference} to {message.to}: {summary}",
                permanent=known is not None and not _is_temporary(known),
                code="" if known is None else str(known),
            )
        status_code = _status_code(recipient.get("statusCode"))
        status = str(recipient.get("status") or STATUS_NAMES.get(status_code, ""))
        if status_code not in ACCEPTED_STATUS_CODES:
            raise AfricasTalkingAPIError(
                f"Africa's Talking refused SMS {message.reference} to {message.to}: "
                f"{status} (status {status_code})",
                permanent=not _is_temporary(status_code),
                code=str(status_code),
            )
        message_id = str(recipient.get("messageId") or "")
        if not message_id or message_id == "None":
            raise AfricasTalkingAPIError(
                f"Africa's Talking accepted SMS {message.reference} but sent no message id",
                permanent=True,
                code=str(status_code),
            )
        # "status" is "Success" for every accepted code; the code's name says which step.
        state = STATUS_NAMES[status_code].lower()
        logger.info(
            "SMS %s to %s: Africa's Talking message %s, %s",
            message.reference,
            message.to,
            message_id,
            state,
        )
        return SmsResult(provider_message_id=message_id, status=state)

    @staticmethod
    def _recipient(data: dict[str, Any], *, number: str) -> dict[str, Any] | None:
        recipients = [r for r in data.get("Recipients") or [] if isinstance(r, dict)]
        for recipient in recipients:
            if recipient.get("number") == number:
                return recipient
        # The API may write the number differently from how it was sent; with one recipient
        # per call, a single entry is ours.
        return recipients[0] if len(recipients) == 1 else None


def _status_code(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def provider_from_settings() -> AfricasTalkingProvider:
    """The Africa's Talking provider; ImproperlyConfigured names any credential not set."""
    values = required_settings(
        "AFRICASTALKING_USERNAME", "AFRICASTALKING_API_KEY", provider="africastalking"
    )
    username = values["AFRICASTALKING_USERNAME"]
    default_base = SANDBOX_API_BASE if username == SANDBOX_USERNAME else LIVE_API_BASE
    return AfricasTalkingProvider(
        client=AfricasTalkingClient(
            username=username,
            api_key=values["AFRICASTALKING_API_KEY"],
            api_base=getattr(settings, "AFRICASTALKING_API_BASE", "") or default_base,
            timeout=provider_timeout(),
        ),
        sender_id=str(getattr(settings, "AFRICASTALKING_SENDER_ID", "") or ""),
    )
