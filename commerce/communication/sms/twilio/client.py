"""A thin wrapper over Twilio's REST API for creating messages.

Every call authenticates with HTTP Basic (Account SID as user name, Auth Token as password)
and gives up after ``timeout`` seconds. Whatever goes wrong surfaces as
:class:`TwilioAPIError`, an :class:`SmsError` that says whether a retry can help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

from commerce.communication.sms.interface import SmsError

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


def _is_temporary(*, status_code: int, code: int | None) -> bool:
    if status_code == 429 or status_code >= 500:
        return True
    return code in TEMPORARY_ERROR_CODES


class TwilioClient:
    def __init__(self, *, account_sid: str, auth_token: str, api_base: str, timeout: float):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    def message_create(self, *, fields: Mapping[str, str]) -> dict[str, Any]:
        """``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``, a form post.

        Twilio answers 201 with the new Message resource: ``sid`` (SM...), ``status``
        ("queued", or "accepted" when a Messaging Service picks the sender)...
        """
        path = f"/{API_VERSION}/Accounts/{quote(self.account_sid, safe='')}/Messages.json"
        return self._request("POST", path, data=dict(fields))

    def _request(self, method: str, path: str, *, data: dict[str, str]) -> dict[str, Any]:
        try:
            response = requests.request(
                method,
                f"{self.api_base}{path}",
                auth=(self.account_sid, self.auth_token),
                headers={"Accept": "application/json"},
                data=data,
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise TwilioAPIError(
                f"Twilio did not answer {method} {path} within {self.timeout:g} seconds",
                permanent=False,
            ) from error
        except requests.RequestException as error:
            raise TwilioAPIError(
                f"Twilio could not be reached for {method} {path}: {error}", permanent=False
            ) from error

        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            raise self._error(method, path, response.status_code, body)
        if not isinstance(body, dict):
            # Twilio did take the message, but its sid is lost: sending again would send twice,
            # and only a person comparing Twilio's logs can tell.
            raise TwilioAPIError(
                f"Twilio answered {method} {path} with HTTP {response.status_code} and no JSON",
                permanent=True,
                status_code=response.status_code,
            )
        return body

    @staticmethod
    def _error(method: str, path: str, status_code: int, body: Any) -> TwilioAPIError:
        # Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}
        # (a proxy or an outage may answer with HTML instead).
        body = body if isinstance(body, dict) else {}
        code = body.get("code")
        code = code if isinstance(code, int) else None
        text = str(body.get("message") or f"HTTP {status_code}")
        label = f"Twilio error {code}: {text}" if code is not None else text
        temporary = _is_temporary(status_code=status_code, code=code)
        return TwilioAPIError(
            f"Twilio failed on {method} {path} (HTTP {status_code}): {label}"
            if status_code >= 500
            else f"Twilio refused {method} {path} (HTTP {status_code}): {label}",
            permanent=not temporary,
            code="" if code is None else str(code),
            status_code=status_code,
            more_info=str(body.get("more_info") or ""),
        )
