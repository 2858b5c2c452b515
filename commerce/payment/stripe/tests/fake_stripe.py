"""An in-process fake of the parts of Stripe's API the gateway uses, served over real HTTP.

It follows Stripe's documented behaviour closely enough to catch wrong requests: form-encoded
bodies with bracketed keys, ``Authorization: Bearer <secret key>``, ``Idempotency-Key``
replays, Stripe-shaped objects and ``{"error": {...}}`` bodies with 4xx statuses. Tests drive
the other side of the payment with :meth:`FakeStripe.session_pay` and friends, and inject
failures with :meth:`FakeStripe.fail_next` and :meth:`FakeStripe.hang_next`. :func:`sign` and
:func:`event_body` build webhook deliveries the way Stripe signs them.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from testkit.fakes.http_server import FakeHTTPService, Reply
from testkit.fakes.http_server import RecordedRequest as BaseRecordedRequest

API_KEY = "sk_test_fake"
WEBHOOK_SECRET = "whsec_test_fake"


@dataclass
class RecordedRequest:
    """A request with ``path`` stripped of its query and the form or query parsed."""

    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]


class StripeFakeError(Exception):
    def __init__(
        self, status: int, error_type: str, message: str, *, code: str = "", param: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = {"type": error_type, "message": message}
        if code:
            self.error["code"] = code
        if param:
            self.error["param"] = param


def parse_form(body: str) -> dict[str, Any]:
    """``a[b][0][c]=1`` → ``{"a": {"b": [{"c": "1"}]}}``, as Stripe reads its form bodies."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _integer(params: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    value = params.get(name)
    if value is None:
        if required:
            raise _missing(name)
        return None
    if not re.fullmatch(r"\d+", str(value)):
        raise StripeFakeError(400, "invalid_request_error", f"Invalid integer: {value}", param=name)
    return int(value)


def _missing(name: str) -> StripeFakeError:
    return StripeFakeError(
        400,
        "invalid_request_error",
        f"Missing required param: {name}.",
        code="parameter_missing",
        param=name,
    )


def _no_such(kind: str, object_id: str) -> StripeFakeError:
    return StripeFakeError(
        404,
        "invalid_request_error",
        f"No such {kind}: '{object_id}'",
        code="resource_missing",
        param="id",
    )


class FakeStripe(FakeHTTPService):
    """``with FakeStripe() as fake:`` serves on ``fake.url`` until the block ends."""

    def __init__(self, *, api_key: str = API_KEY) -> None:
        super().__init__()
        self.api_key = api_key
        self.sessions: dict[str, dict[str, Any]] = {}
        self.payment_intents: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        # What the next refund reports, as Stripe does for slower methods or a failed refund.
        self.next_refund_status = "succeeded"
        self._ids = itertools.count(1)
        self._idempotent: dict[str, tuple[str, str, dict[str, Any], Reply]] = {}

    @property
    def bearer_token(self) -> str:
        return self.api_key

    # --- the shopper's side and injected failures ------------------------------------------

    def session_pay(self, session_id: str) -> dict[str, Any]:
        """The shopper pays on the hosted page (Checkout captures at once)."""
        with self._lock:
            session = self.sessions[session_id]
            intent_id = self._new_id("pi")
            amount = session["amount_total"]
            self.payment_intents[intent_id] = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount,
                "amount_capturable": 0,
                "amount_received": amount,
                "currency": session["currency"],
                "status": "succeeded",
                "capture_method": "automatic",
                "metadata": dict(session["_payment_intent_metadata"]),
                "livemode": False,
                "_refunded": 0,
            }
            session.update(status="complete", payment_status="paid", payment_intent=intent_id)
            return self._public(self.payment_intents[intent_id])

    def session_expire(self, session_id: str) -> None:
        with self._lock:
            self.sessions[session_id].update(status="expired", url=None)

    def fail_next(self, status: int = 500) -> None:
        """The next request gets ``status`` with a Stripe ``api_error`` body."""
        body = {"error": {"type": "api_error", "message": "Something went wrong."}}
        self._next_call(queue=False).failure = Reply(status, body)

    def hang_next(self, seconds: float) -> None:
        """The next request is answered only after ``seconds`` (or when the fake stops)."""
        self._next_call(queue=False).hang = seconds

    # --- HTTP ------------------------------------------------------------------------------

    def record(self, request: BaseRecordedRequest) -> RecordedRequest:
        split = urlsplit(request.path)
        raw = request.body.decode("utf-8")
        params = parse_form(raw if request.method == "POST" else split.query)
        return RecordedRequest(request.method, split.path, request.headers, params)

    def response_headers(self) -> dict[str, str]:
        return {"Request-Id": f"req_{next(self._ids)}"}

    def unauthorized(self) -> Reply:
        body = {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}
        return Reply(401, body)

    def refusal(self, message: str) -> Reply:
        return Reply(400, {"error": {"type": "invalid_request_error", "message": message}})

    def handle(self, request: RecordedRequest) -> Reply:
        method, path, params = request.method, request.path, request.params
        key = request.headers.get("idempotency-key", "") if method == "POST" else ""
        if key and key in self._idempotent:
            return self._replay(key, path, params)
        try:
            reply = Reply(200, self._route(method, path, params))
        except StripeFakeError as exc:
            reply = Reply(exc.status, {"error": exc.error})
        # Stripe answers a retry with the same key from the stored outcome (it stores some
        # refusals too; successes are what the tests need).
        if key and reply.status == 200:
            self._idempotent[key] = (method, path, params, reply)
        return reply

    def _replay(self, key: str, path: str, params: dict[str, Any]) -> Reply:
        _, first_path, first_params, reply = self._idempotent[key]
        if (first_path, first_params) != (path, params):
            return Reply(
                400,
                {
                    "error": {
                        "type": "idempotency_error",
                        "message": "Keys for idempotent requests can only be used with the "
                        "same parameters they were first used with.",
                    }
                },
            )
        return Reply(reply.status, reply.body, {"Idempotent-Replayed": "true"})

    def _route(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        path = unquote(path)
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._session_create(params)
        if method == "GET" and (match := re.fullmatch(r"/v1/checkout/sessions/([^/]+)", path)):
            return self._public(self._get(self.sessions, "checkout.session", match[1]))
        if method == "GET" and (match := re.fullmatch(r"/v1/payment_intents/([^/]+)", path)):
            return self._public(self._get(self.payment_intents, "payment_intent", match[1]))
        if method == "POST" and path == "/v1/refunds":
            return self._refund_create(params)
        raise StripeFakeError(
            404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})."
        )

    # --- resources -------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self._ids):06d}"

    @staticmethod
    def _get(store: dict[str, dict[str, Any]], kind: str, object_id: str) -> dict[str, Any]:
        if object_id not in store:
            raise _no_such(kind, object_id)
        return store[object_id]

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in obj.items() if not key.startswith("_")}

    def _session_create(self, params: dict[str, Any]) -> dict[str, Any]:
        for name in ("mode", "success_url", "line_items"):
            if not params.get(name):
                raise _missing(name)
        if params["mode"] != "payment":
            raise StripeFakeError(
                400, "invalid_request_error", "This fake only does mode=payment.", param="mode"
            )
        total = 0
        currencies = set()
        for index, item in enumerate(params["line_items"]):
            price_data = item.get("price_data") or {}
            if not price_data.get("currency"):
                raise _missing(f"line_items[{index}][price_data][currency]")
            if not (price_data.get("product_data") or {}).get("name"):
                raise _missing(f"line_items[{index}][price_data][product_data][name]")
            unit_amount = _integer(price_data, "unit_amount")
            quantity = _integer(item, "quantity")
            assert unit_amount is not None and quantity is not None
            total += unit_amount * quantity
            currencies.add(price_data["currency"])
        if len(currencies) != 1:
            raise StripeFakeError(
                400, "invalid_request_error", "All line items must share one currency."
            )
        currency = currencies.pop()
        if currency != currency.lower():
            raise StripeFakeError(
                400, "invalid_request_error", f"Invalid currency: {currency}.", param="currency"
            )
        session_id = self._new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "status": "open",
            "payment_status": "unpaid",
            "amount_subtotal": total,
            "amount_total": total,
            "currency": currency,
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata") or {},
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            # Created when the shopper pays, as in current API versions.
            "payment_intent": None,
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "created": int(time.time()),
            "livemode": False,
            "_line_items": params["line_items"],
            "_payment_intent_metadata": (params.get("payment_intent_data") or {}).get("metadata")
            or {},
        }
        self.sessions[session_id] = session
        return self._public(session)

    def _refund_create(self, params: dict[str, Any]) -> dict[str, Any]:
        intent_id = params.get("payment_intent")
        if not intent_id:
            raise _missing("payment_intent")
        intent = self._get(self.payment_intents, "payment_intent", intent_id)
        if intent["status"] != "succeeded":
            raise StripeFakeError(
                400,
                "invalid_request_error",
                f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                code="charge_not_refundable",
            )
        remaining = intent["amount_received"] - intent["_refunded"]
        amount = _integer(params, "amount", required=False)
        if amount is None:
            amount = remaining
        if remaining == 0:
            raise StripeFakeError(
                400,
                "invalid_request_error",
                f"Charge for {intent_id} has already been refunded.",
                code="charge_already_refunded",
            )
        if amount > remaining:
            raise StripeFakeError(
                400,
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge "
                f"({remaining})",
                code="amount_too_large",
                param="amount",
            )
        status = self.next_refund_status
        if status != "failed":
            intent["_refunded"] += amount
        refund_id = self._new_id("re")
        refund = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent_id,
            "status": status,
            "failure_reason": "expired_or_canceled_card" if status == "failed" else None,
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
        }
        self.refunds[refund_id] = refund
        return refund


# --- webhooks, as Stripe sends them -------------------------------------------------------


def sign(body: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` value, computed as Stripe documents it."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def event_body(kind: str = "checkout.session.completed", **obj) -> bytes:
    data_object = {"id": "cs_test_a1", "object": "checkout.session", **obj}
    if kind.startswith("payment_intent."):
        data_object = {"id": "pi_test_b2", "object": "payment_intent", **obj}
    event = {
        "id": "evt_test_123",
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": data_object},
    }
    return json.dumps(event).encode()
