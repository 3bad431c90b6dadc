"""The payment provider behind online payments: Stripe in production, a sandbox locally.

Both speak Stripe's webhook format (events `payment_intent.succeeded`,
`payment_intent.payment_failed`, `charge.refunded`, signed as `t=...,v1=HMAC-SHA256`), so
everything after the signature check is one code path whichever provider sent the event.
"""

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

from functions.core.errors import InvalidRequest, Unavailable
from functions.core.secrets import payment_keys, signin_code_pepper
from functions.core.settings import get_settings

SIGNATURE_TOLERANCE_SECONDS = 300
_UNREACHABLE = "The payment provider could not be reached. Please try again in a moment."
EventKind = Literal["succeeded", "failed", "refunded", "ignored"]
ProviderName = Literal["sandbox", "stripe"]
_KINDS: dict[str, EventKind] = {
    "payment_intent.succeeded": "succeeded",
    "payment_intent.payment_failed": "failed",
    "charge.refunded": "refunded",
}


@dataclass(frozen=True)
class Intent:
    provider_ref: str
    client_secret: str


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event, reduced to what posting needs."""

    event_id: str
    kind: EventKind
    provider_ref: str  # the PaymentIntent
    amount: int = 0  # received (succeeded) or refunded so far (refunded)
    failure: str | None = None


def _event(data: dict[str, Any]) -> ProviderEvent:
    try:
        event_id, kind, obj = str(data["id"]), _KINDS.get(str(data["type"]), "ignored"), data["data"]["object"]
        if kind == "refunded":
            return ProviderEvent(event_id, kind, str(obj["payment_intent"]), int(obj["amount_refunded"]))
        if kind == "ignored":
            return ProviderEvent(event_id, kind, "")
        error = obj.get("last_payment_error") or {}
        return ProviderEvent(event_id, kind, str(obj["id"]), int(obj.get("amount_received") or 0), error.get("message"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidRequest("This webhook event is not in the expected shape.") from exc


class PaymentProvider(Protocol):
    name: ProviderName

    def create_intent(self, payment_id: str, customer_id: str, amount: int, currency: str) -> Intent: ...

    def parse_event(self, raw_body: bytes, signature: str | None) -> ProviderEvent: ...


class StripeProvider:
    """The Stripe SDK (imported on first use: it costs ~230 ms, and most requests never pay)."""

    name: ProviderName = "stripe"

    def __init__(self, secret_key: str, webhook_secret: str, api_base: str | None = None) -> None:
        self._secret_key = secret_key
        self._webhook_secret = webhook_secret
        self._api_base = api_base

    @cache  # noqa: B019 - one client per provider object, which lives as long as the process
    def _client(self) -> Any:
        import stripe

        addresses = {"api": self._api_base} if self._api_base else None
        return stripe.StripeClient(self._secret_key, base_addresses=addresses, max_network_retries=2)  # type: ignore[arg-type]

    def create_intent(self, payment_id: str, customer_id: str, amount: int, currency: str) -> Intent:
        import stripe

        try:
            intent = self._client().v1.payment_intents.create(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "automatic_payment_methods": {"enabled": True},
                    "metadata": {"payment_id": payment_id, "customer_id": customer_id},
                },
                options={"idempotency_key": f"intent-{payment_id}"},
            )
        except stripe.StripeError as exc:
            raise Unavailable(_UNREACHABLE) from exc
        return Intent(provider_ref=intent.id, client_secret=intent.client_secret or "")

    def parse_event(self, raw_body: bytes, signature: str | None) -> ProviderEvent:
        import stripe

        try:
            stripe.WebhookSignature.verify_header(
                raw_body.decode("utf-8"), signature or "", self._webhook_secret, SIGNATURE_TOLERANCE_SECONDS
            )
            data = json.loads(raw_body)
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
            raise InvalidRequest("The webhook signature is not valid.") from exc
        return _event(data)

    def refund(self, provider_ref: str, amount: int, key: str) -> None:
        import stripe

        try:
            self._client().v1.refunds.create(
                params={"payment_intent": provider_ref, "amount": amount}, options={"idempotency_key": key}
            )
        except stripe.StripeError as exc:
            raise Unavailable(_UNREACHABLE) from exc


# Test cards, as Stripe documents them: the outcome is decided by the number alone.
SANDBOX_DECLINES = {
    "4000000000000002": "Your card was declined.",
    "4000000000009995": "Your card has insufficient funds.",
    "4000000000000069": "Your card has expired.",
}
SANDBOX_SUCCEEDS = {"4242424242424242", "5555555555554444"}


class SandboxProvider:
    """No money moves. It signs its own events with a key derived from the code pepper, and
    they go through the same webhook handler as Stripe's."""

    name: ProviderName = "sandbox"

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def create_intent(self, payment_id: str, customer_id: str, amount: int, currency: str) -> Intent:
        return Intent(provider_ref=f"pi_sandbox_{payment_id}", client_secret=f"sandbox_{secrets.token_urlsafe(16)}")

    def sign(self, raw_body: bytes, at: int | None = None) -> str:
        stamp = int(time.time()) if at is None else at
        digest = hmac.new(self._secret, str(stamp).encode() + b"." + raw_body, hashlib.sha256).hexdigest()
        return f"t={stamp},v1={digest}"

    def parse_event(self, raw_body: bytes, signature: str | None) -> ProviderEvent:
        parts = dict(part.split("=", 1) for part in (signature or "").split(",") if "=" in part)
        stamp = parts.get("t", "")
        valid = (
            stamp.isdigit()
            and abs(time.time() - int(stamp)) <= SIGNATURE_TOLERANCE_SECONDS
            and hmac.compare_digest(self.sign(raw_body, int(stamp)), f"t={stamp},v1={parts.get('v1', '')}")
        )
        if not valid:
            raise InvalidRequest("The webhook signature is not valid.")
        try:
            data = json.loads(raw_body)
        except ValueError as exc:
            raise InvalidRequest("The webhook body is not JSON.") from exc
        return _event(data)

    def event(self, kind: str, provider_ref: str, amount: int, failure: str | None = None) -> tuple[bytes, str]:
        """A signed event as Stripe would send it: (body, signature header)."""
        if kind == "charge.refunded":
            obj: dict[str, Any] = {"object": "charge", "payment_intent": provider_ref, "amount_refunded": amount}
        else:
            obj = {"object": "payment_intent", "id": provider_ref, "amount_received": amount}
            if failure:
                obj["last_payment_error"] = {"message": failure}
        body = json.dumps({"id": f"evt_{secrets.token_hex(12)}", "type": kind, "data": {"object": obj}}).encode()
        return body, self.sign(body)

    @staticmethod
    def card_outcome(number: str) -> str | None:
        """None when the card is accepted; the decline message otherwise."""
        digits = number.replace(" ", "")
        if digits in SANDBOX_SUCCEEDS:
            return None
        return SANDBOX_DECLINES.get(digits, "This is not one of the sandbox's test cards.")


@cache
def _stripe(secret_key: str, webhook_secret: str) -> PaymentProvider:
    return StripeProvider(secret_key, webhook_secret)


@cache
def _sandbox(pepper: str) -> PaymentProvider:
    return SandboxProvider(hmac.new(pepper.encode(), b"sandbox-webhooks", hashlib.sha256).digest())


def provider() -> PaymentProvider:
    """The stage's provider, on the keys its secrets hold now (one object per set of keys, so a
    rotated key, read once the kept one is too old, is used from then on)."""
    if get_settings().payment_provider == "stripe":
        keys = payment_keys()
        return _stripe(keys.secret_key, keys.webhook_secret)
    return _sandbox(signin_code_pepper())
