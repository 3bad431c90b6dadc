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
from typing import Any, Literal, NamedTuple, Protocol

from functions.core.errors import InvalidRequest, Unavailable
from functions.core.secrets import payment_keys, signin_code_pepper
from functions.core.settings import get_settings
from functions.payments.schemas import DECLINE_CODES, DeclineCode

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
    failure: str | None = None  # the provider's words (English)
    decline_code: DeclineCode | None = None  # why, for a failed one


# Stripe's decline_code and error code values, onto the portal's few (schemas.DeclineCode);
# any other is card_declined: the bank gave no reason the customer can act on (or one, such
# as a stolen card, that is not told).
_STRIPE_DECLINES: dict[str, DeclineCode] = {
    "insufficient_funds": "insufficient_funds",
    "expired_card": "expired_card",
    "incorrect_cvc": "incorrect_cvc",
    "invalid_cvc": "incorrect_cvc",
    "incorrect_number": "incorrect_number",
    "invalid_number": "incorrect_number",
    "invalid_expiry_month": "incorrect_expiry",
    "invalid_expiry_year": "incorrect_expiry",
    "processing_error": "processing_error",
    "authentication_required": "authentication_required",
    "payment_intent_authentication_failure": "authentication_required",
    "card_not_supported": "card_not_supported",
    "currency_not_supported": "card_not_supported",
    "card_velocity_exceeded": "limit_exceeded",
    "withdrawal_count_limit_exceeded": "limit_exceeded",
    "try_again_later": "try_again_later",
    "issuer_not_available": "try_again_later",
    "reenter_transaction": "try_again_later",
    "card_decline_rate_limit_exceeded": "try_again_later",
}


def decline_code(*given: object) -> DeclineCode:
    """The portal's decline code for what a provider said: the first of its codes known (Stripe's
    decline_code, then its error code), else card_declined."""
    for code in given:
        if isinstance(code, str) and code in DECLINE_CODES:
            return code
        if isinstance(code, str) and code in _STRIPE_DECLINES:
            return _STRIPE_DECLINES[code]
    return "card_declined"


def _event(data: dict[str, Any]) -> ProviderEvent:
    try:
        event_id, kind, obj = str(data["id"]), _KINDS.get(str(data["type"]), "ignored"), data["data"]["object"]
        if kind == "refunded":
            return ProviderEvent(event_id, kind, str(obj["payment_intent"]), int(obj["amount_refunded"]))
        if kind == "ignored":
            return ProviderEvent(event_id, kind, "")
        error = obj.get("last_payment_error") or {}
        received = int(obj.get("amount_received") or 0)
        if kind == "succeeded":
            return ProviderEvent(event_id, kind, str(obj["id"]), received)
        code = decline_code(error.get("decline_code"), error.get("code"))
        return ProviderEvent(event_id, kind, str(obj["id"]), received, error.get("message"), code)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidRequest("This webhook event is not in the expected shape.", code="webhook_malformed") from exc


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
            raise Unavailable(_UNREACHABLE, code="payment_provider_unreachable") from exc
        return Intent(provider_ref=intent.id, client_secret=intent.client_secret or "")

    def parse_event(self, raw_body: bytes, signature: str | None) -> ProviderEvent:
        import stripe

        try:
            stripe.WebhookSignature.verify_header(
                raw_body.decode("utf-8"), signature or "", self._webhook_secret, SIGNATURE_TOLERANCE_SECONDS
            )
            data = json.loads(raw_body)
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
            raise InvalidRequest("The webhook signature is not valid.", code="webhook_signature_invalid") from exc
        return _event(data)

    def refund(self, provider_ref: str, amount: int, key: str) -> None:
        import stripe

        try:
            self._client().v1.refunds.create(
                params={"payment_intent": provider_ref, "amount": amount}, options={"idempotency_key": key}
            )
        except stripe.StripeError as exc:
            raise Unavailable(_UNREACHABLE, code="payment_provider_unreachable") from exc


class Decline(NamedTuple):
    code: DeclineCode
    message: str  # as Stripe words it, in English


# Test cards, as Stripe documents them: the outcome is decided by the number alone.
SANDBOX_DECLINES = {
    "4000000000000002": Decline("card_declined", "Your card was declined."),
    "4000000000009995": Decline("insufficient_funds", "Your card has insufficient funds."),
    "4000000000000069": Decline("expired_card", "Your card has expired."),
    "4000000000000127": Decline("incorrect_cvc", "Your card's security code is incorrect."),
    "4000000000000119": Decline("processing_error", "An error occurred while processing your card. Try again."),
}
_NOT_A_TEST_CARD = Decline("incorrect_number", "This is not one of the sandbox's test cards.")
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
            raise InvalidRequest("The webhook signature is not valid.", code="webhook_signature_invalid")
        try:
            data = json.loads(raw_body)
        except ValueError as exc:
            raise InvalidRequest("The webhook body is not JSON.", code="webhook_malformed") from exc
        return _event(data)

    def event(
        self, kind: str, provider_ref: str, amount: int, failure: str | None = None, code: str | None = None
    ) -> tuple[bytes, str]:
        """A signed event as Stripe would send it: (body, signature header); a failure's `code`
        goes where Stripe puts its decline_code."""
        if kind == "charge.refunded":
            obj: dict[str, Any] = {"object": "charge", "payment_intent": provider_ref, "amount_refunded": amount}
        else:
            obj = {"object": "payment_intent", "id": provider_ref, "amount_received": amount}
            if failure:
                obj["last_payment_error"] = {"code": "card_declined", "decline_code": code, "message": failure}
        body = json.dumps({"id": f"evt_{secrets.token_hex(12)}", "type": kind, "data": {"object": obj}}).encode()
        return body, self.sign(body)

    @staticmethod
    def card_outcome(number: str) -> Decline | None:
        """None when the card is accepted; why it is declined otherwise."""
        digits = number.replace(" ", "")
        if digits in SANDBOX_SUCCEEDS:
            return None
        return SANDBOX_DECLINES.get(digits, _NOT_A_TEST_CARD)


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
