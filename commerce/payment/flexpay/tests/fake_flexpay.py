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
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from testkit.fakes.http_server import FakeHTTPService, RecordedRequest


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


class FakeFlexPay(FakeHTTPService):
    api_prefix = "/api/rest/v1"

    def __init__(self, *, token: str, merchant: str):
        super().__init__()
        self.token = token
        self.merchant = merchant
        self.transactions: dict[str, FakeTransaction] = {}

    @property
    def bearer_token(self) -> str:
        return self.token

    # --- What tests control ----------------------------------------------------------------

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

    def unauthorized(self) -> tuple[int, Any]:
        return 401, {"code": "1", "message": "Unauthorized"}

    def refusal(self, message: str) -> tuple[int, Any]:
        """FlexPay refuses with HTTP 200 and ``"code": "1"``."""
        return 200, _refused(message)

    def handle(self, request: RecordedRequest) -> tuple[int, Any]:
        path = urlsplit(request.path).path.removeprefix(self.api_prefix)
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
            return 200, _refused("Marchand inconnu")
        problem = _invalid(fields)
        if problem:
            return 200, _refused(problem)
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


def _refused(message: str) -> dict[str, Any]:
    return {"code": "1", "message": message, "orderNumber": None}


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
