"""A thin wrapper over Chapa's HTTP API (https://developer.chapa.co).

Every call authenticates with the secret key as a Bearer token and gives up after ``timeout``
seconds. Whatever goes wrong (no answer, an HTTP error, ``"status": "failed"`` in the body)
surfaces as :class:`ChapaAPIError`, a :class:`PaymentProviderError` the caller may retry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

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


class ChapaClient:
    def __init__(self, *, secret_key: str, api_base: str, timeout: float):
        self.secret_key = secret_key
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

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
            response = requests.request(
                method,
                f"{self.api_base}{path}",
                headers={
                    "Authorization": f"Bearer {self.secret_key}",
                    "Accept": "application/json",
                },
                json=json,
                data=data,
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise ChapaAPIError(
                f"Chapa did not answer {method} {path} within {self.timeout:g} seconds"
            ) from error
        except requests.RequestException as error:
            raise ChapaAPIError(
                f"Chapa could not be reached for {method} {path}: {error}"
            ) from error

        try:
            body = response.json()
        except ValueError as error:
            raise ChapaAPIError(
                f"Chapa answered {method} {path} with HTTP {response.status_code} and no JSON",
                status_code=response.status_code,
            ) from error
        if not isinstance(body, dict):
            raise ChapaAPIError(
                f"Chapa answered {method} {path} with unexpected JSON",
                status_code=response.status_code,
            )
        # Chapa reports a refused call both ways: an HTTP error status, and "status": "failed"
        # (the newer API says "error") in the body, sometimes with HTTP 200.
        if response.status_code >= 400 or body.get("status") in ("failed", "error"):
            message = _describe(body.get("message")) or f"HTTP {response.status_code}"
            raise ChapaAPIError(
                f"Chapa refused {method} {path}: {message}"
                if response.status_code < 500
                else f"Chapa failed on {method} {path} (HTTP {response.status_code}): {message}",
                status_code=response.status_code,
            )
        return body
