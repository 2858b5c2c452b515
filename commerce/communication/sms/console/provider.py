"""A provider that logs each message at INFO and reports it sent."""

from __future__ import annotations

import logging
import uuid

from commerce.communication.sms.interface import SmsMessage, SmsResult

logger = logging.getLogger(__name__)


class ConsoleProvider:
    code = "console"

    def send(self, *, message: SmsMessage) -> SmsResult:
        # A fresh id per message, shaped like a provider's, so callers that store it work the
        # same whether the console or a real provider is configured.
        message_id = f"console-{uuid.uuid4().hex}"
        logger.info(
            "SMS %s to %s (reference %s): %s",
            message_id,
            message.to,
            message.reference,
            message.body,
        )
        return SmsResult(provider_message_id=message_id, status="logged")


def provider_from_settings() -> ConsoleProvider:
    return ConsoleProvider()
