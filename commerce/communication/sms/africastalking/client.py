"""A thin wrapper over Africa's Talking's HTTP API for sending SMS.

Every call sends the API key in the ``apiKey`` header and the application's user name in the
form; timeouts, retries and the reading of answers are
:class:`commerce.http_json.JsonApiClient`'s. Transport and HTTP failures surface as
:class:`AfricasTalkingAPIError`, an :class:`SmsError` that says whether a retry can help; a
per-recipient refusal inside a successful answer is the provider's to read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from commerce.communication.sms.interface import SmsError
from commerce.http_json import JsonApiClient, JsonApiError


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


class AfricasTalkingClient(JsonApiClient):
    service_name = "Africa's Talking"

    def __init__(self, *, username: str, api_key: str, api_base: str, timeout: float):
        super().__init__(api_base=api_base, timeout=timeout, headers={"apiKey": api_key})
        self.username = username
        self.api_key = api_key

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
            return self._call(method, path, data=data).body
        except JsonApiError as error:
            if isinstance(error.body, dict) and "SMSMessageData" in error.body:
                # Per-recipient statuses say what happened, whatever the HTTP status: a refusal
                # can come with HTTP 409 (DoNotDisturbRejection) and the statuses in the body.
                return error.body
            # Errors come as plain text ("The supplied authentication is invalid" with 401),
            # which the message quotes. A 4xx other than 429 is bad credentials or a request
            # the API will never take; a success without JSON leaves unknown whether anything
            # went out, and sending again could send twice: both are permanent.
            raise AfricasTalkingAPIError(
                error.message, permanent=not error.temporary, status_code=error.status_code
            ) from error.cause
