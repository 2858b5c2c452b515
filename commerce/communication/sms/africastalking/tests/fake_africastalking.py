"""FakeAfricasTalking: an in-process HTTP stand-in for Africa's Talking's SMS endpoint.

It listens on 127.0.0.1 (a free port), checks the ``apiKey`` header and the ``username`` field,
and answers ``POST /version1/messaging`` in Africa's Talking's shape: ``SMSMessageData`` with a
``Message`` summary and one entry per recipient carrying a documented ``statusCode``. Errors
outside a recipient's status come as plain text, as the API sends them. Tests make the next call
fail with HTTP 500 (``fail_next``) or 429 (``throttle_next``), or hang past the client's timeout
(``hang_next``), and have a number answered with any documented status code
(``refuse_number``). It is a test double, never a model of Africa's Talking's behaviour beyond
what its documentation states.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from testkit.fakes.http_server import FakeHTTPService, RecordedRequest, Reply

_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
MESSAGING_PATH = "/version1/messaging"
COST = "KES 0.8000"

# The documented per-recipient status codes, kept apart from the code under test.
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


def recipient_entry(number: str, status_code: int) -> dict[str, Any]:
    accepted = status_code in (100, 101, 102)
    return {
        "statusCode": status_code,
        "number": number,
        "status": "Success" if accepted else STATUS_NAMES[status_code],
        "cost": COST if accepted else "0",
        "messageId": f"ATXid_{secrets.token_hex(16)}" if accepted else "None",
    }


class FakeAfricasTalking(FakeHTTPService):
    def __init__(
        self,
        *,
        username: str,
        api_key: str,
        sender_ids: frozenset[str] = frozenset(),
        status_code: int = 101,
    ):
        super().__init__()
        self.username = username
        self.api_key = api_key
        # The sender ids and short codes approved for this application.
        self.sender_ids = sender_ids
        # What an accepted message reports: 100 Processed, 101 Sent or 102 Queued.
        self.status_code = status_code
        self.refused_numbers: dict[str, int] = {}
        self.sent: list[dict[str, Any]] = []

    # --- What tests control ----------------------------------------------------------------

    def refuse_number(self, number: str, *, status_code: int = 406) -> None:
        """Messages to ``number`` get this documented ``statusCode`` (406 UserInBlacklist)."""
        with self._lock:
            self.refused_numbers[number] = status_code

    def throttle_next(self) -> None:
        """The next call is turned away with HTTP 429, as a rate-limited HTTP API answers."""
        self._next_call().failure = Reply(429, b"Too Many Requests")

    def messaging_requests(self) -> list[RecordedRequest]:
        return self.requests_to("POST", MESSAGING_PATH)

    # --- The API ---------------------------------------------------------------------------

    def refusal(self, message: str) -> Reply:
        return Reply(400, message.encode())

    def handle(self, request: RecordedRequest) -> Reply:
        if request.method != "POST" or request.path != MESSAGING_PATH:
            return Reply(404, b"Not Found")
        form = request.form()
        if (
            not secrets.compare_digest(request.headers.get("apikey", ""), self.api_key)
            or form.get("username") != self.username
        ):
            return Reply(401, b"The supplied authentication is invalid")
        for name in ("to", "message"):
            if not form.get(name):
                return Reply(400, f"Request is missing required form field '{name}'".encode())
        if "from" in form and form["from"] not in self.sender_ids:
            return self._answer_json(request, 201, {"Message": "InvalidSenderId", "Recipients": []})
        recipients = [self._send(number.strip(), form) for number in form["to"].split(",")]
        sent = [r for r in recipients if r["statusCode"] in (100, 101, 102)]
        summary = {
            "Message": f"Sent to {len(sent)}/{len(recipients)} Total Cost: "
            + (COST if sent else "0"),
            "Recipients": recipients,
        }
        # A promotional sender outside its hours is refused with HTTP 409 Conflict, statuses
        # still in the body.
        conflict = any(r["statusCode"] == 409 for r in recipients) and not sent
        return self._answer_json(request, 409 if conflict else 201, summary)

    def _send(self, number: str, form: dict[str, str]) -> dict[str, Any]:
        if not _E164.match(number):
            return recipient_entry(number, 403)
        entry = recipient_entry(number, self.refused_numbers.get(number, self.status_code))
        if entry["statusCode"] in (100, 101, 102):
            self.sent.append({**entry, "message": form["message"], "from": form.get("from")})
        return entry

    @staticmethod
    def _answer_json(request: RecordedRequest, status: int, data: dict[str, Any]) -> Reply:
        # The API answers in XML unless the caller asks for JSON.
        if request.headers.get("accept") != "application/json":
            return Reply(
                status, b"<AfricasTalkingResponse><SMSMessageData/></AfricasTalkingResponse>"
            )
        return Reply(status, {"SMSMessageData": data})
