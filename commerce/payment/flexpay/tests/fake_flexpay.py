"""FakeFlexPay: an in-process HTTP stand-in for the parts of FlexPay's API the shop uses.

It listens on 127.0.0.1 (a free port), checks the Bearer token and the merchant code, and
answers ``paymentService``, ``check/<orderNumber>`` and ``merchantPayOutService`` in FlexPay's
shapes (HTTP 200 with ``"code": "0"`` or ``"1"``). Tests settle payments (``settle``), build the
callback FlexPay would send (``callback_for``), refuse the next call with a FlexPay error code
(``refuse_next``), or make it fail with HTTP 500 (``fail_next``) or hang past the client's
timeout (``hang_next``).
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeTransaction:
    order_number: str
    kind: str  # "payment" or "payout"
    reference: str
    phone: str
    amount: Any  # as sent: FlexPay takes a JSON number
    currency: str
    callback_url: str
    status: str = "2"  # "0" success, "1" failed, "2" waiting for the shopper


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeFlexPay

    def handle_error(self, request, client_address):
        # A hung call's client has gone when the fake finally answers; that is expected.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def log_message(self, format, *args):
        pass

    def _dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        recorded = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={key.lower(): value for key, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        status, answer = self.server.fake.handle(recorded)
        payload = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass


class FakeFlexPay:
    def __init__(self, *, token: str, merchant: str):
        self.token = token
        self.merchant = merchant
        self.transactions: dict[str, FakeTransaction] = {}
        self.requests: list[RecordedRequest] = []
        self.hang_seconds = 5.0
        self._next: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        # A short poll interval keeps shutting the fake down quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/rest/v1"

    def __enter__(self) -> FakeFlexPay:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- What tests control ----------------------------------------------------------------

    def fail_next(self) -> None:
        """The next call gets HTTP 500 with a body that is not JSON."""
        self._next.append(("fail", ""))

    def hang_next(self) -> None:
        """The next call gets no answer until well after the client's timeout."""
        self._next.append(("hang", ""))

    def refuse_next(self, message: str) -> None:
        """The next call gets FlexPay's refusal: HTTP 200 with ``"code": "1"``."""
        self._next.append(("refuse", message))

    def settle(self, order_number: str, status: str) -> None:
        """Record the shopper's answer on their phone: "0" paid, "1" failed, "2" waiting."""
        with self._lock:
            self.transactions[order_number].status = status

    def callback_for(self, order_number: str) -> tuple[bytes, dict[str, str]]:
        """The callback FlexPay posts for ``order_number``: its JSON body and the query string
        of the callbackUrl the shop gave (FlexPay adds no signature of its own)."""
        transaction = self.transactions[order_number]
        body = json.dumps(
            {
                "code": "0" if transaction.status == "0" else "1",
                "reference": transaction.reference,
                "provider_reference": f"OP{secrets.token_hex(5).upper()}",
                "orderNumber": transaction.order_number,
                "amount": str(transaction.amount),
                "amountCustomer": str(transaction.amount),
                "phone": transaction.phone,
                "currency": transaction.currency,
                "createdAt": "01-05-2025 10:00:00",
                "channel": "mpesa",
            }
        ).encode()
        return body, dict(parse_qsl(urlsplit(transaction.callback_url).query))

    # --- The API ---------------------------------------------------------------------------

    def handle(self, request: RecordedRequest) -> tuple[int, Any]:
        with self._lock:
            self.requests.append(request)
            action, message = self._next.pop(0) if self._next else ("", "")
        if action == "hang":
            self._release.wait(self.hang_seconds)
            return 500, b"too late"
        if action == "fail":
            return 500, b"<html>Internal Server Error</html>"
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"code": "1", "message": "Unauthorized"}
        if action == "refuse":
            return 200, {"code": "1", "message": message, "orderNumber": None}
        path = urlsplit(request.path).path.removeprefix("/api/rest/v1")
        with self._lock:
            if request.method == "POST" and path == "/paymentService":
                return self._transfer(request, kind="payment")
            if request.method == "POST" and path == "/merchantPayOutService":
                return self._transfer(request, kind="payout")
            if request.method == "GET" and path.startswith("/check/"):
                return self._check(unquote(path.removeprefix("/check/")))
        return 404, {"code": "1", "message": "Not found"}

    def _transfer(self, request: RecordedRequest, *, kind: str) -> tuple[int, Any]:
        fields = request.json()
        if fields.get("merchant") != self.merchant:
            return 200, {"code": "1", "message": "Marchand inconnu", "orderNumber": None}
        problem = _invalid(fields)
        if problem:
            return 200, {"code": "1", "message": problem, "orderNumber": None}
        order_number = f"{secrets.token_urlsafe(9)}{fields['phone']}"
        self.transactions[order_number] = FakeTransaction(
            order_number=order_number,
            kind=kind,
            reference=fields["reference"],
            phone=fields["phone"],
            amount=fields["amount"],
            currency=fields["currency"],
            callback_url=fields["callbackUrl"],
        )
        message = (
            "Transaction envoyée avec succès. Veuillez valider le push message"
            if kind == "payment"
            else "Transaction envoyée avec succès."
        )
        return 200, {"code": "0", "message": message, "orderNumber": order_number}

    def _check(self, order_number: str) -> tuple[int, Any]:
        transaction = self.transactions.get(order_number)
        if transaction is None:
            return 200, {"code": "1", "message": "Aucune transaction trouvée", "transaction": None}
        return 200, {
            "code": "0",
            "message": "Transaction trouvée",
            "transaction": {
                "reference": transaction.reference,
                "orderNumber": transaction.order_number,
                "status": transaction.status,
                "amount": str(transaction.amount),
                "amountCustomer": str(transaction.amount),
                "currency": transaction.currency,
                "createdAt": "01-05-2025 10:00:00",
                "channel": "mpesa",
            },
        }


def _invalid(fields: dict[str, Any]) -> str:
    """What FlexPay's validation would object to, or ""."""
    if fields.get("type") != "1":
        return "Type de transaction invalide"
    phone = fields.get("phone")
    if not (isinstance(phone, str) and phone.isdigit() and len(phone) == 12):
        return "Numéro de téléphone invalide"
    if not fields.get("reference"):
        return "Référence obligatoire"
    if fields.get("currency") not in ("CDF", "USD"):
        return "Devise non supportée"
    amount = fields.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0:
        return "Montant invalide"
    if fields["currency"] == "CDF" and Decimal(str(amount)) != Decimal(str(amount)).to_integral():
        return "Montant invalide"
    if not fields.get("callbackUrl"):
        return "callbackUrl obligatoire"
    return ""
