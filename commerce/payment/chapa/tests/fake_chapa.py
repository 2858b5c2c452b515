"""FakeChapa: an in-process HTTP stand-in for the parts of Chapa's API the shop uses.

It listens on 127.0.0.1 (a free port), checks the Bearer secret key, validates requests the way
Chapa's documentation describes and answers in Chapa's shapes. Tests settle payments
(``settle``), and make the next call fail with HTTP 500 (``fail_next``) or hang past the
client's timeout (``hang_next``). It is a test double, never a model of Chapa's behaviour beyond
what its documentation states.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote

from testkit.fakes.http_server import FakeHTTPService, RecordedRequest

_DESCRIPTION_ALLOWED = re.compile(r"^[A-Za-z0-9 ._-]*$")
_LOCAL_PHONE = re.compile(r"^0[79]\d{8}$")


@dataclass
class FakeTransaction:
    tx_ref: str
    amount: Decimal
    currency: str
    reference: str
    checkout_url: str
    fields: dict[str, Any]
    # None until the shopper pays: Chapa's verify then answers "Payment not paid yet".
    status: str | None = None
    refunds: list[dict[str, Any]] = field(default_factory=list)


class FakeChapa(FakeHTTPService):
    def __init__(self, *, secret_key: str, not_paid_http_status: int = 200):
        super().__init__()
        self.secret_key = secret_key
        # Chapa has been seen answering an unpaid verify with either HTTP 200 or 404.
        self.not_paid_http_status = not_paid_http_status
        self.transactions: dict[str, FakeTransaction] = {}

    @property
    def bearer_token(self) -> str:
        return self.secret_key

    # --- What tests control ----------------------------------------------------------------

    def add_transaction(self, *, tx_ref: str, amount: str, currency: str, status: str | None):
        """A transaction initialized earlier, e.g. by a start whose answer was lost."""
        with self._lock:
            self.transactions[tx_ref] = self._new_transaction(
                tx_ref=tx_ref, amount=Decimal(amount), currency=currency, fields={}
            )
            self.transactions[tx_ref].status = status
            return self.transactions[tx_ref]

    def settle(self, tx_ref: str, status: str) -> None:
        """Record the shopper's outcome: "success", "failed", "pending", "cancelled"..."""
        with self._lock:
            self.transactions[tx_ref].status = status

    def webhook_delivery(
        self, tx_ref: str, *, webhook_secret: str, event: str = "charge.success"
    ) -> tuple[bytes, dict[str, str]]:
        """A transaction webhook as Chapa's documentation shows it, with both headers."""
        transaction = self.transactions[tx_ref]
        body = json.dumps(
            {
                "event": event,
                "first_name": transaction.fields.get("first_name", ""),
                "last_name": transaction.fields.get("last_name", ""),
                "email": transaction.fields.get("email"),
                "mobile": transaction.fields.get("phone_number", ""),
                "currency": transaction.currency,
                "amount": f"{transaction.amount:.2f}",
                "charge": "0.00",
                "status": transaction.status or "pending",
                "mode": "test",
                "reference": transaction.reference,
                "created_at": "2025-01-01T10:00:00.000000Z",
                "updated_at": "2025-01-01T10:01:00.000000Z",
                "type": "API",
                "tx_ref": tx_ref,
                "payment_method": "telebirr",
                "customization": {"title": None, "description": None, "logo": None},
                "meta": None,
            },
            separators=(",", ":"),
        ).encode()
        key = webhook_secret.encode()
        return body, {
            "Chapa-Signature": hmac.new(key, key, hashlib.sha256).hexdigest(),
            "x-chapa-signature": hmac.new(key, body, hashlib.sha256).hexdigest(),
        }

    # --- The API ---------------------------------------------------------------------------

    def unauthorized(self) -> tuple[int, Any]:
        return 401, _failed("Invalid API Key or User doesn't exist")

    def refusal(self, message: str) -> tuple[int, Any]:
        """Chapa refuses a bad request with HTTP 400."""
        return 400, _failed(message)

    def handle(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path == "/v1/transaction/initialize":
            return self._initialize(request)
        if request.method == "GET" and request.path.startswith("/v1/transaction/verify/"):
            return self._verify(unquote(request.path.rsplit("/", 1)[1]))
        if request.method == "POST" and request.path.startswith("/v1/refund/"):
            return self._refund(unquote(request.path.rsplit("/", 1)[1]), request)
        return 404, _failed("Not found")

    def _initialize(self, request: RecordedRequest) -> tuple[int, Any]:
        if not request.headers.get("content-type", "").startswith("application/json"):
            return 400, _failed(
                "Incorrect header settings Please check if content-type is present and set to "
                "application/json"
            )
        fields = request.json()
        missing = [name for name in ("amount", "currency", "tx_ref") if not fields.get(name)]
        if missing:
            return 400, _failed({name: ["validation.required"] for name in missing})
        if fields["currency"] not in ("ETB", "USD"):
            return 400, _failed("Invalid currency, currency is not supported")
        try:
            amount = Decimal(str(fields["amount"]))
        except InvalidOperation:
            return 400, _failed({"amount": ["validation.numeric"]})
        customization = fields.get("customization") or {}
        if len(customization.get("title") or "") > 16:
            return 400, _failed({"customization.title": ["must not exceed 16 characters."]})
        if not _DESCRIPTION_ALLOWED.match(customization.get("description") or ""):
            return 400, _failed(
                {
                    "customization.description": [
                        "may only contain letters, numbers, hyphens, underscores, spaces, and dots"
                    ]
                }
            )
        if "phone_number" in fields and not _LOCAL_PHONE.match(fields["phone_number"]):
            return 400, _failed({"phone_number": ["validation.phone"]})
        if fields["tx_ref"] in self.transactions:
            return 400, _failed("Transaction reference has been used before")
        transaction = self._new_transaction(
            tx_ref=fields["tx_ref"], amount=amount, currency=fields["currency"], fields=fields
        )
        self.transactions[transaction.tx_ref] = transaction
        return 200, {
            "message": "Hosted Link",
            "status": "success",
            "data": {"checkout_url": transaction.checkout_url},
        }

    def _verify(self, tx_ref: str) -> tuple[int, Any]:
        transaction = self.transactions.get(tx_ref)
        if transaction is None:
            return 404, _failed("Invalid transaction or Transaction not found")
        if transaction.status is None:
            return self.not_paid_http_status, {
                "message": "Payment not paid yet",
                "status": "null",
                "data": None,
            }
        return 200, {
            "message": "Payment details",
            "status": "success",
            "data": {
                "first_name": transaction.fields.get("first_name", ""),
                "last_name": transaction.fields.get("last_name", ""),
                "email": transaction.fields.get("email", ""),
                "currency": transaction.currency,
                "amount": float(transaction.amount),
                "charge": 0.35,
                "mode": "test",
                "method": "test",
                "type": "API",
                "status": transaction.status,
                "reference": transaction.reference,
                "tx_ref": transaction.tx_ref,
                "customization": transaction.fields.get("customization"),
                "meta": None,
                "created_at": "2025-01-01T10:00:00.000000Z",
                "updated_at": "2025-01-01T10:01:00.000000Z",
            },
        }

    def _refund(self, chapa_reference: str, request: RecordedRequest) -> tuple[int, Any]:
        transaction = next(
            (t for t in self.transactions.values() if t.reference == chapa_reference), None
        )
        if transaction is None:
            return 404, _failed("Invalid transaction or Transaction not found")
        form = request.form()
        if not form.get("reason"):
            return 400, _failed({"reason": ["validation.required"]})
        if transaction.status != "success":
            return 400, _failed("Transaction is not eligible for refund")
        amount = Decimal(form.get("amount") or transaction.amount)
        refunded = sum((Decimal(r["amount"]) for r in transaction.refunds), Decimal("0"))
        if amount <= 0 or refunded + amount > transaction.amount:
            return 400, _failed("Refund amount exceeds the transaction amount")
        all_refunds = [r for t in self.transactions.values() for r in t.refunds]
        if form.get("reference") and any(
            r["merchant_reference"] == form["reference"] for r in all_refunds
        ):
            return 400, _failed("Refund reference has been used before")
        refund = {
            "id": len(all_refunds) + 1,
            "chapa_reference": transaction.reference,
            "bank_reference": f"BNK{secrets.token_hex(4).upper()}",
            "amount": f"{amount:.2f}",
            "ref_id": f"MERC-REF-{secrets.token_hex(6)}",
            "currency": transaction.currency,
            "status": "Refund Initiated",
            "reason": form["reason"],
            "merchant_reference": form.get("reference", ""),
            "meta": {k[5:-1]: v for k, v in form.items() if k.startswith("meta[")},
        }
        transaction.refunds.append(refund)
        return 200, {
            "message": "Refund initiated successfully. Processing time: 1-3 business days",
            "status": "success",
            "data": refund,
        }

    def _new_transaction(
        self, *, tx_ref: str, amount: Decimal, currency: str, fields: dict[str, Any]
    ) -> FakeTransaction:
        token = secrets.token_urlsafe(12)
        return FakeTransaction(
            tx_ref=tx_ref,
            amount=amount,
            currency=currency,
            reference=f"AP{secrets.token_hex(5)}",
            checkout_url=f"{self.base_url}/checkout/payment/{token}",
            fields=fields,
        )


def _failed(message: Any) -> dict[str, Any]:
    return {"message": message, "status": "failed", "data": None}
