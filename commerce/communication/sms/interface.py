"""Data crossing between the shop and SMS providers, and the contract every provider meets.

Nothing outside ``commerce.communication.sms`` talks to a provider directly: callers build an
:class:`SmsMessage`, ask ``providers.sms_provider()`` for the configured provider and handle
:class:`SmsError` by its ``permanent`` flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164 (+254712345678); the provider is the judge of whether it is reachable
    body: str
    # The shop's id for this message (an outbox row, "order-100042-placed"): it goes into the
    # log lines so a provider's message id can be traced back to what the shop meant to send.
    reference: str


@dataclass(frozen=True)
class SmsResult:
    provider_message_id: str  # Twilio's SM... sid, Africa's Talking's ATXid_..., the console's id
    status: str  # the provider's own word for the accepted message: "queued", "sent"...


class SmsError(Exception):
    """The provider did not take the message.

    ``permanent`` says whether sending the same message again can succeed: True for an
    invalid, unsubscribed or blacklisted number, a refused sender or bad credentials (someone
    has to fix data or configuration first); False for timeouts, refused connections, rate
    limits and provider-side failures, which a later retry may get through.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        provider: str = "",
        code: str = "",
        status_code: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.provider = provider  # SmsProvider.code of the provider that refused
        self.code = code  # the provider's own error or status code, as text ("21211", "406")
        self.status_code = status_code  # HTTP status, when an answer came back at all


class SmsProvider(Protocol):
    code: str  # "twilio"; also the value of the SMS_PROVIDER setting that selects it

    def send(self, *, message: SmsMessage) -> SmsResult:
        """Hand the message to the provider; raise :class:`SmsError` when it is not taken."""
        ...
