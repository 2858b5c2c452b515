"""FakeTwilio: an in-process HTTP stand-in for Twilio's Message resource.

It listens on 127.0.0.1 (a free port), checks HTTP Basic credentials (Account SID and Auth
Token), validates a message the way Twilio's documentation describes and answers in Twilio's
shapes: 201 with the new Message, or ``{"code", "message", "more_info", "status"}``. Tests make
the next call fail with HTTP 500 (``fail_next``), hang past the client's timeout
(``hang_next``), hit the rate limit (``throttle_next``), and have a number refused with one of
Twilio's error codes (``refuse_number``). It is a test double, never a model of Twilio's
behaviour beyond what its documentation states.
"""

from __future__ import annotations

import base64
import re
import secrets
from typing import Any

from testkit.fakes.http_server import FakeHTTPService, RecordedRequest, Reply

_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/?]+)/Messages\.json$")

# Twilio's wording for the errors a test can have a number refused with.
ERROR_MESSAGES = {
    21211: "Invalid 'To' Phone Number",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the "
    "'To' number",
    21610: "Attempt to send to unsubscribed recipient",
    21611: "This 'From' number has exceeded the maximum number of queued messages",
    21612: "The 'To' phone number is not currently reachable via SMS",
    21614: "'To' number is not a valid mobile number",
}


def twilio_error(code: int, message: str, *, status: int = 400) -> Reply:
    return Reply(
        status,
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


class FakeTwilio(FakeHTTPService):
    def __init__(self, *, account_sid: str, auth_token: str):
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages: dict[str, dict[str, Any]] = {}
        self.refused_numbers: dict[str, int] = {}

    # --- What tests control ----------------------------------------------------------------

    def refuse_number(self, number: str, *, code: int = 21610) -> None:
        """Every message to ``number`` is refused with Twilio error ``code`` (HTTP 400)."""
        with self._lock:
            self.refused_numbers[number] = code

    def throttle_next(self) -> None:
        """The next call hits the account's concurrency limit: HTTP 429, error 20429."""
        self._next_call().failure = twilio_error(20429, "Too Many Requests", status=429)

    def message_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "POST" and _MESSAGES_PATH.match(r.path)]

    # --- The API ---------------------------------------------------------------------------

    def refusal(self, message: str) -> Reply:
        # Error 400 is Twilio's generic "Bad Request".
        return twilio_error(400, message)

    def handle(self, request: RecordedRequest) -> Reply:
        if not self._authenticated(request):
            return twilio_error(20003, "Authenticate", status=401)
        match = _MESSAGES_PATH.match(request.path)
        if request.method != "POST" or match is None:
            return twilio_error(
                20404, f"The requested resource {request.path} was not found", status=404
            )
        if match["account"] != self.account_sid:
            # Credentials for one account cannot create messages in another.
            return twilio_error(20003, "Authenticate", status=401)
        return self._message_create(request.form())

    def _authenticated(self, request: RecordedRequest) -> bool:
        pair = f"{self.account_sid}:{self.auth_token}".encode()
        expected = "Basic " + base64.b64encode(pair).decode()
        return secrets.compare_digest(request.headers.get("authorization", ""), expected)

    def _message_create(self, form: dict[str, str]) -> Reply:
        to = form.get("To", "")
        sender = form.get("From", "")
        service = form.get("MessagingServiceSid", "")
        if not to:
            return twilio_error(21604, "A 'To' phone number is required.")
        if not sender and not service:
            return twilio_error(21603, "A 'From' phone number is required.")
        if not form.get("Body"):
            return twilio_error(21602, "Message body is required.")
        if not _E164.match(to):
            return twilio_error(21211, f"Invalid 'To' Phone Number: {to}")
        if to in self.refused_numbers:
            code = self.refused_numbers[to]
            return twilio_error(code, ERROR_MESSAGES.get(code, "Refused"))
        sid = "SM" + secrets.token_hex(16)
        message = {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": form["Body"],
            "date_created": "Thu, 01 May 2025 10:00:00 +0000",
            "date_sent": None,
            "date_updated": "Thu, 01 May 2025 10:00:00 +0000",
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sender or None,
            "messaging_service_sid": service or None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            # A message through a Messaging Service waits for the service to pick a sender.
            "status": "accepted" if service and not sender else "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
            "to": to,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        self.messages[sid] = message
        return Reply(201, message)
