"""A thin wrapper over Chapa's HTTP API (https://developer.chapa.co).

Every call authenticates with the secret key as a Bearer token; timeouts, retries and the
reading of answers are :class:`commerce.http_json.JsonApiClient`'s. Whatever goes wrong (no
answer, an HTTP error, ``"status": "failed"`` in the body) surfaces as :class:`ChapaAPIError`, a
:class:`PaymentProviderError` the caller may retry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from commerce.http_json import JsonApiClient, JsonApiError
from commerce.payment.interface import PaymentProviderError


class ChapaAPIError(PaymentProviderError):
    """Chapa could not be reached, or refused the call; ``message`` is Chapa's own wording."""

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code

    @property
    def is_duplicate_reference(self) -> bool:
        # Chapa answers a reused tx_ref with "Transaction reference has been used before".
        return "used before" in self.message.lower()

    @property
    def is_not_paid_yet(self) -> bool:
        # Verify answers a transaction nobody has paid yet with "Payment not paid yet" and no data.
        return "not paid yet" in self.message.lower()


def _describe(message: Any) -> str:
    """Chapa's ``message`` is a string, or a field -> errors object on validation failures."""
    if isinstance(message, Mapping):
        parts = []
        for field, errors in message.items():
            text = ", ".join(map(str, errors)) if isinstance(errors, list) else str(errors)
            parts.append(f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(message, list):
        return "; ".join(map(str, message))
    return str(message or "")


class ChapaClient(JsonApiClient):
    service_name = "Chapa"

    def __init__(self, *, secret_key: str, api_base: str, timeout: float):
        super().__init__(
            api_base=api_base, timeout=timeout, headers={"Authorization": f"Bearer {secret_key}"}
        )
        self.secret_key = secret_key

    def transaction_initialize(self, *, fields: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /v1/transaction/initialize``; the answer's ``data.checkout_url`` is the page."""
        # Chapa insists on a JSON body (a form post is refused as "Incorrect header settings").
        return self._request("POST", "/v1/transaction/initialize", json=dict(fields))

    def transaction_verify(self, *, tx_ref: str) -> dict[str, Any]:
        """``GET /v1/transaction/verify/<tx_ref>``: ``data.status``, amount, currency, reference."""
        return self._request("GET", f"/v1/transaction/verify/{quote(tx_ref, safe='')}")

    def refund_create(self, *, chapa_reference: str, fields: Mapping[str, str]) -> dict[str, Any]:
        """``POST /v1/refund/<reference>``, keyed by Chapa's reference for the payment."""
        # Chapa documents this call as a form post, with ``meta[...]`` keys for metadata.
        return self._request(
            "POST", f"/v1/refund/{quote(chapa_reference, safe='')}", data=dict(fields)
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        data: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        try:
            answer = self._call(method, path, json=json, data=data)
        except JsonApiError as error:
            raise ChapaAPIError(error.message, status_code=error.status_code) from error.cause
        # Chapa reports a refused call both ways: an HTTP error status, and "status": "failed"
        # (the newer API says "error") in the body, sometimes with HTTP 200.
        if answer.body.get("status") in ("failed", "error"):
            raise ChapaAPIError(
                f"Chapa refused {method} {path} (HTTP {answer.status_code}): "
                f"{self._error_detail(answer.body) or 'no message'}",
                status_code=answer.status_code,
            )
        return answer.body

    def _error_detail(self, body: Any) -> str:
        return _describe(body.get("message")) if isinstance(body, Mapping) else ""
