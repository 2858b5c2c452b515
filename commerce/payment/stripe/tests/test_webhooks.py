import time

import pytest
from django.http.request import HttpHeaders

from commerce.payment.interface import WebhookSignatureError
from commerce.payment.stripe.tests.fake_stripe import WEBHOOK_SECRET, event_body, sign
from commerce.payment.stripe.webhooks import webhook_event_parse


def test_signed_checkout_event_parses():
    body = event_body(payment_status="paid", metadata={"order_number": "100001"})

    event = webhook_event_parse(
        body=body, headers={"Stripe-Signature": sign(body)}, secret=WEBHOOK_SECRET
    )

    assert event.event_id == "evt_test_123"
    assert event.kind == "checkout.session.completed"
    assert event.reference == "cs_test_a1"
    assert event.payload["data"]["object"]["payment_status"] == "paid"


def test_payment_intent_event_has_no_reference():
    body = event_body("payment_intent.succeeded", metadata={"order_number": "100001"})

    event = webhook_event_parse(
        body=body, headers={"Stripe-Signature": sign(body)}, secret=WEBHOOK_SECRET
    )

    assert event.kind == "payment_intent.succeeded"
    assert event.reference == ""


@pytest.mark.parametrize(
    "headers",
    [
        lambda signature: {"stripe-signature": signature},
        lambda signature: {"STRIPE-SIGNATURE": signature, "Content-Type": "application/json"},
        lambda signature: HttpHeaders({"HTTP_STRIPE_SIGNATURE": signature}),
    ],
    ids=["lower-case dict", "upper-case dict", "django request.headers"],
)
def test_header_name_is_case_insensitive(headers):
    body = event_body()

    event = webhook_event_parse(body=body, headers=headers(sign(body)), secret=WEBHOOK_SECRET)

    assert event.event_id == "evt_test_123"


def test_any_of_several_v1_signatures_may_match():
    # While a signing secret is rolled, Stripe signs with the old and the new one.
    body = event_body()
    timestamp = int(time.time())
    old = sign(body, secret="whsec_old", timestamp=timestamp).split(",")[1]
    header = f"{sign(body, timestamp=timestamp)},{old}"
    header_other_order = f"t={timestamp},{old},{sign(body, timestamp=timestamp).split(',')[1]}"

    for value in (header, header_other_order):
        event = webhook_event_parse(
            body=body, headers={"Stripe-Signature": value}, secret=WEBHOOK_SECRET
        )
        assert event.event_id == "evt_test_123"


def test_timestamp_inside_tolerance_is_accepted():
    body = event_body()
    header = sign(body, timestamp=int(time.time()) - 240)

    event = webhook_event_parse(
        body=body, headers={"Stripe-Signature": header}, secret=WEBHOOK_SECRET
    )

    assert event.event_id == "evt_test_123"


def _tampered():
    body = event_body(amount_total=1050)
    return body.replace(b"1050", b"1"), sign(body)


def _stale():
    return event_body(), sign(event_body(), timestamp=int(time.time()) - 360)


# Built when the test runs, not when it is collected: a signature made at collection could
# have gone stale by then and make a case fail for the wrong reason. Each case names the part
# of the message that shows it was refused for its own reason.
BAD_CALLBACKS = {
    "wrong secret": (lambda: (event_body(), sign(event_body(), secret="whsec_other")), "matching"),
    "tampered body": (_tampered, "matching"),
    "stale": (_stale, "Timestamp outside the tolerance"),
    "missing header": (lambda: (event_body(), None), "missing Stripe-Signature"),
    "empty header": (lambda: (event_body(), ""), "missing Stripe-Signature"),
    "garbage header": (lambda: (event_body(), "garbage"), "extract timestamp"),
    "bad timestamp": (lambda: (event_body(), "t=notanumber,v1=abc"), "extract timestamp"),
    "no v1 signature": (
        lambda: (event_body(), sign(event_body()).replace("v1=", "v0=")),
        "expected scheme",
    ),
    "signed but not JSON": (lambda: (b"not json", sign(b"not json")), "not JSON"),
    "signed but not an event": (lambda: (b"[1, 2]", sign(b"[1, 2]")), "not a Stripe event"),
    "event without type": (
        lambda: (b'{"id": "evt_1"}', sign(b'{"id": "evt_1"}')),
        "no id or type",
    ),
    "not UTF-8": (lambda: (b"\xff\xfe", sign(b"\xff\xfe")), "not UTF-8"),
}


@pytest.mark.parametrize("case", BAD_CALLBACKS.values(), ids=BAD_CALLBACKS.keys())
def test_bad_callbacks_are_refused(case):
    build, reason = case
    body, header = build()
    headers = {} if header is None else {"Stripe-Signature": header}

    with pytest.raises(WebhookSignatureError, match=reason):
        webhook_event_parse(body=body, headers=headers, secret=WEBHOOK_SECRET)


def test_empty_secret_refuses_everything():
    body = event_body()

    with pytest.raises(WebhookSignatureError, match="secret"):
        webhook_event_parse(
            body=body, headers={"Stripe-Signature": sign(body, secret="")}, secret=""
        )
