"""The Stripe adapter with the real Stripe SDK: what it sends, and how it checks webhooks.

The SDK talks to a local HTTP server standing in for api.stripe.com (no network here); it
records each request and answers as Stripe documents.
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest
import stripe

from functions.core.errors import InvalidRequest, Unavailable
from functions.payments.providers import Decline, SandboxProvider, StripeProvider, decline_code
from functions.payments.schemas import DECLINE_CODES

WEBHOOK_SECRET = "whsec_test_secret"


class _StripeApi(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, Any]]] = []
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"] or 0)
        form = parse_qs(self.rfile.read(length).decode())
        _StripeApi.seen.append({"path": self.path, "form": form, "headers": dict(self.headers)})
        if _StripeApi.status != 200:
            body = {"error": {"type": "api_error", "message": "Stripe is down"}}
        elif self.path == "/v1/payment_intents":
            body = {"id": "pi_123", "object": "payment_intent", "client_secret": "pi_123_secret_abc", "amount": 1}
        else:
            body = {"id": "re_123", "object": "refund"}
        raw = json.dumps(body).encode()
        self.send_response(_StripeApi.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stripe_api() -> Iterator[str]:
    _StripeApi.seen = []
    _StripeApi.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StripeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_payment_intent_carries_amount_currency_metadata_and_an_idempotency_key(stripe_api: str) -> None:
    adapter = StripeProvider("sk_test_123", WEBHOOK_SECRET, api_base=stripe_api)
    intent = adapter.create_intent("01PAYMENT", "01CUSTOMER", 1234, "EUR")
    assert (intent.provider_ref, intent.client_secret) == ("pi_123", "pi_123_secret_abc")
    request = _StripeApi.seen[0]
    assert request["path"] == "/v1/payment_intents"
    assert request["form"]["amount"] == ["1234"]
    assert request["form"]["currency"] == ["eur"]
    assert request["form"]["metadata[payment_id]"] == ["01PAYMENT"]
    assert request["headers"]["Idempotency-Key"] == "intent-01PAYMENT"
    assert request["headers"]["Authorization"] == "Bearer sk_test_123"


def test_a_refund_names_the_intent_and_the_amount(stripe_api: str) -> None:
    StripeProvider("sk_test_123", WEBHOOK_SECRET, api_base=stripe_api).refund("pi_123", 500, "refund-x-500")
    request = _StripeApi.seen[0]
    assert (request["path"], request["form"]["payment_intent"], request["form"]["amount"]) == (
        "/v1/refunds",
        ["pi_123"],
        ["500"],
    )


def test_stripe_being_down_is_unavailable(stripe_api: str) -> None:
    _StripeApi.status = 500
    adapter = StripeProvider("sk_test_123", WEBHOOK_SECRET, api_base=stripe_api)
    with pytest.raises(Unavailable):
        adapter.create_intent("01PAYMENT", "01CUSTOMER", 1234, "EUR")


def _event(kind: str, obj: dict[str, Any]) -> str:
    return json.dumps({"id": "evt_1", "type": kind, "data": {"object": obj}})


def test_webhooks_are_verified_with_the_sdk() -> None:
    adapter = StripeProvider("sk_test_123", WEBHOOK_SECRET)
    body = _event("payment_intent.succeeded", {"id": "pi_123", "amount_received": 1234})
    header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
    event = adapter.parse_event(body.encode(), header)
    assert (event.event_id, event.kind, event.provider_ref, event.amount) == ("evt_1", "succeeded", "pi_123", 1234)
    refunded = _event("charge.refunded", {"payment_intent": "pi_123", "amount_refunded": 300})
    assert (
        adapter.parse_event(
            refunded.encode(), stripe.WebhookSignature.generate_signature_header(refunded, WEBHOOK_SECRET)
        ).amount
        == 300
    )
    for wrong in (
        stripe.WebhookSignature.generate_signature_header(body, "whsec_other"),
        stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET, timestamp=1),  # too old
        "",
    ):
        with pytest.raises(InvalidRequest):
            adapter.parse_event(body.encode(), wrong)


def test_the_sandbox_signs_as_stripe_does_and_knows_its_test_cards() -> None:
    sandbox = SandboxProvider(b"k" * 32)
    body, signature = sandbox.event("payment_intent.payment_failed", "pi_1", 0, "Your card was declined.")
    event = sandbox.parse_event(body, signature)
    assert (event.kind, event.failure, event.decline_code) == ("failed", "Your card was declined.", "card_declined")
    assert SandboxProvider.card_outcome("4242 4242 4242 4242") is None
    assert SandboxProvider.card_outcome("4000 0000 0000 9995") == Decline(
        "insufficient_funds", "Your card has insufficient funds."
    )
    assert SandboxProvider.card_outcome("1234 5678 9012 3456") == Decline(
        "incorrect_number", "This is not one of the sandbox's test cards."
    )
    body, signature = sandbox.event(
        "payment_intent.payment_failed", "pi_1", 0, "Your card has expired.", "expired_card"
    )
    assert sandbox.parse_event(body, signature).decline_code == "expired_card"
    ignored = json.dumps({"id": "evt_2", "type": "customer.created", "data": {"object": {}}}).encode()
    assert sandbox.parse_event(ignored, sandbox.sign(ignored)).kind == "ignored"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"code": "card_declined", "decline_code": "insufficient_funds"}, "insufficient_funds"),
        ({"code": "card_declined", "decline_code": "generic_decline"}, "card_declined"),
        ({"code": "card_declined", "decline_code": "stolen_card"}, "card_declined"),
        ({"code": "expired_card", "decline_code": "expired_card"}, "expired_card"),
        ({"code": "incorrect_cvc"}, "incorrect_cvc"),
        ({"code": "invalid_expiry_year"}, "incorrect_expiry"),
        ({"code": "processing_error"}, "processing_error"),
        ({"code": "payment_intent_authentication_failure"}, "authentication_required"),
        ({"code": "card_declined", "decline_code": "card_velocity_exceeded"}, "limit_exceeded"),
        ({"code": "something_stripe_adds_later"}, "card_declined"),
        ({}, "card_declined"),
    ],
)
def test_a_stripe_decline_is_answered_with_one_of_the_portals_decline_codes(
    error: dict[str, str], expected: str
) -> None:
    adapter = StripeProvider("sk_test_123", WEBHOOK_SECRET)
    body = _event("payment_intent.payment_failed", {"id": "pi_1", "last_payment_error": {**error, "message": "No."}})
    event = adapter.parse_event(body.encode(), stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET))
    assert (event.kind, event.decline_code, event.failure) == ("failed", expected, "No.")
    assert event.decline_code in DECLINE_CODES
    assert decline_code(error.get("decline_code"), error.get("code")) == expected
