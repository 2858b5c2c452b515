"""A thin wrapper over Africa's Talking's HTTP API for sending SMS.

Every call sends the API key in the ``apiKey`` header and the application's user name in the
form, asks for JSON and gives up after ``timeout`` seconds. Transport and HTTP failures
surface as :class:`AfricasTalkingAPIError`, an :class:`SmsError` that says whether a retry can
help; a per-recipient refusal inside a successful answer is the provider's to read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from commerce.communication.sms.interface import SmsError


class AfricasTalkingAPIError(SmsError):
    """Africa's Talking could not be reached, refused the call or a recipient."""

    def __init__(
        self, message: str, *, permanent: bool, code: str = "", status_code: int | None = None
    ):
        super().__init__(
            message,
            permanent=permanent,
            provider="africastalking",
            code=code,
            status_code=status_code,
        )


class AfricasTalkingClient:
    def __init__(self, *, username: str, api_key: str, api_base: str, timeout: float):
        self.username = username
        self.api_key = api_key
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    def messaging_send(self, *, fields: Mapping[str, str]) -> dict[str, Any]:
        """``POST /version1/messaging``, a form post; ``username`` is added here.

        The answer: ``{"SMSMessageData": {"Message": "Sent to 1/1 Total Cost: ...",
        "Recipients": [{"statusCode": 101, "number", "status", "cost", "messageId"}]}}``.
        """
        return self._request(
            "POST", "/version1/messaging", data={"username": self.username, **fields}
        )

    def _request(self, method: str, path: str, *, data: dict[str, str]) -> dict[str, Any]:
        try:
            response = requests.request(
                method,
                f"{self.api_base}{path}",
                headers={"apiKey": self.api_key, "Accept": "application/json"},
                data=data,
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise AfricasTalkingAPIError(
                f"Africa's Talking did not answer {method} {path} within {self.timeout:g} seconds",
                permanent=False,
            ) from error
        except requests.RequestException as error:
            raise AfricasTalkingAPIError(
                f"Africa's Talking could not be reached for {method} {path}: {error}",
                permanent=False,
            ) from error

        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and "SMSMessageData" in body:
            # Per-recipient statuses say what happened, whatever the HTTP status: a refusal can
            # come with HTTP 409 (DoNotDisturbRejection) and the statuses in the body.
            return body
        if response.status_code >= 400:
            # Errors come as plain text ("The supplied authentication is invalid" with 401).
            text = " ".join(response.text.split())[:300] or f"HTTP {response.status_code}"
            temporary = response.status_code == 429 or response.status_code >= 500
            raise AfricasTalkingAPIError(
                f"Africa's Talking failed on {method} {path} (HTTP {response.status_code}): {text}"
                if response.status_code >= 500
                else f"Africa's Talking refused {method} {path} (HTTP {response.status_code}): "
                f"{text}",
                # Other 4xx answers are bad credentials or a request the API will never take.
                permanent=not temporary,
                status_code=response.status_code,
            )
        if not isinstance(body, dict):
            # Whether anything went out is unknown: sending again could send twice.
            raise AfricasTalkingAPIError(
                f"Africa's Talking answered {method} {path} with HTTP {response.status_code} "
                "and no JSON",
                permanent=True,
                status_code=response.status_code,
            )
        return body
