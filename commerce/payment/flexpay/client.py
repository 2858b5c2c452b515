"""A thin wrapper over FlexPay's merchant HTTP API.

FlexPay shares its documentation with merchants only; the calls here follow that documentation
as mirrored by public client libraries: ``paymentService`` (push a payment request to a
phone), ``check/<orderNumber>`` (a payment's state) and ``merchantPayOutService`` (send money
from the merchant's account to a phone). Every call authenticates with the merchant token as a
Bearer token; timeouts, retries and the reading of answers are
:class:`commerce.http_json.JsonApiClient`'s. Whatever goes wrong surfaces as
:class:`FlexPayAPIError`, a :class:`PaymentProviderError` the caller may retry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from commerce.http_json import JsonApiClient, JsonApiError
from commerce.payment.interface import PaymentProviderError

# FlexPay's transaction type for mobile money ("2" is a bank card).
TYPE_MOBILE_MONEY = "1"
_CENT = Decimal("0.01")


class FlexPayAPIError(PaymentProviderError):
    """FlexPay could not be reached, or refused the call; ``message`` is FlexPay's wording."""

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code


def amount_value(*, amount: Decimal, currency: str) -> int | float:
    """The amount as the JSON number FlexPay takes, in major units.

    Mobile money wallets hold whole Congolese francs, so FlexPay takes CDF as an integer; USD
    goes with its cents.
    """
    if currency == "CDF":
        if amount != amount.to_integral_value():
            raise ValueError(f"FlexPay takes whole Congolese francs, not {amount} CDF")
        return int(amount)
    cents = amount.quantize(_CENT)
    if cents != amount:
        raise ValueError(f"{amount} has more than two decimal places")
    return float(cents)


class FlexPayClient(JsonApiClient):
    service_name = "FlexPay"

    def __init__(self, *, token: str, merchant: str, api_base: str, timeout: float):
        super().__init__(
            api_base=api_base, timeout=timeout, headers={"Authorization": f"Bearer {token}"}
        )
        self.token = token
        self.merchant = merchant

    def payment_request(
        self,
        *,
        reference: str,
        phone: str,
        amount: Decimal,
        currency: str,
        callback_url: str,
    ) -> dict[str, Any]:
        """``POST paymentService``: FlexPay pushes the request to ``phone``; ``orderNumber``."""
        return self._request(
            "POST",
            "/paymentService",
            json=self._transfer(
                reference=reference,
                phone=phone,
                amount=amount,
                currency=currency,
                callback_url=callback_url,
            ),
        )

    def payout_request(
        self,
        *,
        reference: str,
        phone: str,
        amount: Decimal,
        currency: str,
        callback_url: str,
    ) -> dict[str, Any]:
        """``POST merchantPayOutService``: send money from the merchant's account to ``phone``."""
        return self._request(
            "POST",
            "/merchantPayOutService",
            json=self._transfer(
                reference=reference,
                phone=phone,
                amount=amount,
                currency=currency,
                callback_url=callback_url,
            ),
        )

    def transaction_check(self, *, order_number: str) -> dict[str, Any]:
        """``GET check/<orderNumber>``: ``transaction.status`` "0" paid, "1" failed."""
        return self._request("GET", f"/check/{quote(order_number, safe='')}")

    def _transfer(
        self, *, reference: str, phone: str, amount: Decimal, currency: str, callback_url: str
    ) -> dict[str, Any]:
        return {
            "merchant": self.merchant,
            "type": TYPE_MOBILE_MONEY,
            "phone": phone,
            "reference": reference,
            "amount": amount_value(amount=amount, currency=currency),
            "currency": currency,
            "callbackUrl": callback_url,
        }

    def _request(
        self, method: str, path: str, *, json: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        try:
            answer = self._call(method, path, json=json)
        except JsonApiError as error:
            raise FlexPayAPIError(error.message, status_code=error.status_code) from error.cause
        # FlexPay answers HTTP 200 either way; "code" says whether it took the request.
        if str(answer.body.get("code")) != "0":
            raise FlexPayAPIError(
                f"FlexPay refused {method} {path} (code {answer.body.get('code')!r}): "
                f"{self._error_detail(answer.body) or 'no message'}",
                status_code=answer.status_code,
            )
        return answer.body

    def _error_detail(self, body: Any) -> str:
        return str(body.get("message") or "") if isinstance(body, dict) else ""
