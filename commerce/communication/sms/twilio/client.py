"""A thin wrapper over Twilio's REST API for creating messages.

Every call authenticates with HTTP Basic (Account SID as user name, Auth Token as password);
timeouts, retries and the reading of answers are :class:`commerce.http_json.JsonApiClient`'s.
Whatever goes wrong surfaces as :class:`TwilioAPIError`, an :class:`SmsError` that says whether a
retry can help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from commerce.communication.sms.interface import SmsError
from commerce.http_json import JsonApiClient, JsonApiError

API_VERSION = "2010-04-01"

# Twilio refuses most bad requests with HTTP 400, and those stay refused however often they
# are repeated (21211 invalid 'To', 21610 unsubscribed recipient, 21408 region not enabled...),
# as do bad credentials (401, 20003). HTTP 429 (20429, the account's concurrency limit) and 5xx
# pass; so does this 400, which a later retry can get through.
TEMPORARY_ERROR_CODES = frozenset(
    {
        21611,  # the 'From' number's outbound queue is full; it drains at the sender's rate
    }
)


class TwilioAPIError(SmsError):
    """Twilio could not be reached or refused the call; ``code`` is Twilio's error code."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        code: str = "",
        status_code: int | None = None,
        more_info: str = "",
    ):
        super().__init__(
            message, permanent=permanent, provider="twilio", code=code, status_code=status_code
        )
        self.more_info = more_info


def _error_code(body: Mapping[str, Any]) -> int | None:
    # Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}
    # (a proxy or an outage may answer with HTML instead).
    code = body.get("code")
    return code if isinstance(code, int) else None


class TwilioClient(JsonApiClient):
    service_name = "Twilio"

    def __init__(self, *, account_sid: str, auth_token: str, api_base: str, timeout: float):
        super().__init__(api_base=api_base, timeout=timeout, auth=(account_sid, auth_token))
        self.account_sid = account_sid
        self.auth_token = auth_token

    def message_create(self, *, fields: Mapping[str, str]) -> dict[str, Any]:
        """``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``, a form post.

        Twilio answers 201 with the new Message resource: ``sid`` (SM...), ``status``
        ("queued", or "accepted" when a Messaging Service picks the sender)...
        """
        path = f"/{API_VERSION}/Accounts/{quote(self.account_sid, safe='')}/Messages.json"
        return self._request("POST", path, data=dict(fields))

    def _request(self, method: str, path: str, *, data: dict[str, str]) -> dict[str, Any]:
        try:
            return self._call(method, path, data=data).body
        except JsonApiError as error:
            # A success without JSON is permanent too: Twilio did take the message but its sid
            # is lost; sending again would send twice, and only a person comparing Twilio's logs
            # can tell.
            body = error.body if isinstance(error.body, dict) else {}
            code = _error_code(body)
            raise TwilioAPIError(
                error.message,
                permanent=not (error.temporary or code in TEMPORARY_ERROR_CODES),
                code="" if code is None else str(code),
                status_code=error.status_code,
                more_info=str(body.get("more_info") or ""),
            ) from error.cause

    def _error_detail(self, body: Any) -> str:
        if not isinstance(body, dict):
            return ""
        code = _error_code(body)
        label = f"Twilio error {code}" if code is not None else ""
        return ": ".join(part for part in (label, str(body.get("message") or "")) if part)
