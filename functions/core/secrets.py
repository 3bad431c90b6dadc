"""The portal's secrets, read at run time from Secrets Manager and kept a few minutes.

The settings name each secret by its ARN (`*_SECRET`); its value is in no function's
environment, so no template, build or `GetFunctionConfiguration` answer holds it. A value is
kept SECRETS_MAX_AGE_SECONDS (five minutes): a warm function asks Secrets Manager at most once
in that time per secret, and a rotated key is in use within minutes, with no redeploy.

This is what Powertools' parameters utility did here, in a dozen lines and without it: its
package imports every provider, AppConfig's with boto3 among them, which cost every signed-in
cold start ~32 ms for one GetSecretValue (docs/performance.md). The client is botocore's, on
the process's one session (core.clients), made on the first read: a cold start that serves
GET /health reads no secret.

Who reads what (and is granted just that, infra/policies): every API function the pepper (the
session seal, core.session; sign-in's codes), the sign-in triggers that make and check codes
the pepper, list routes the cursor key (core.paging), payments alone the payment keys, and the
functions that count a caller's address (sign-in's API, core.session.client_address) the edge
origin key.
"""

import json
import time
from dataclasses import dataclass
from typing import Literal

from functions.core import clients
from functions.core.errors import ConfigurationError
from functions.core.settings import get_settings

# An HMAC key shorter than this is a mistake, not a key (the stack generates 64 characters).
KEY_MIN_LENGTH = 32


@dataclass(frozen=True)
class _Kept:
    value: str
    read_at: float  # time.monotonic()


_kept: dict[str, _Kept] = {}  # by ARN; a race between threads reads twice, harmlessly


@dataclass(frozen=True)
class PaymentKeys:
    """Stripe's secret API key and its webhook signing secret."""

    secret_key: str
    webhook_secret: str


def signin_code_pepper() -> str:
    """The key of the sign-in and contact codes' HMACs, from which the session seal's is derived."""
    return _key(get_settings().signin_code_pepper_secret, "SIGNIN_CODE_PEPPER_SECRET")


def paging_cursor_key() -> str:
    """The key paging cursors are signed with."""
    return _key(get_settings().paging_cursor_key_secret, "PAGING_CURSOR_KEY_SECRET")


def edge_origin_key() -> str | None:
    """What CloudFront sends every API in X-Portal-Edge, proving a request came through it;
    None where no CloudFront stands in front of the APIs (locally: the setting is absent)."""
    arn = get_settings().edge_origin_key_secret
    return _key(arn, "EDGE_ORIGIN_KEY_SECRET") if arn else None


def payment_keys() -> PaymentKeys:
    """Stripe's keys, which PAYMENT_PROVIDER=stripe cannot do without. The secret holds "{}"
    until a deploy is given them: until then this refuses, as a misconfiguration, rather than
    letting a payment reach Stripe with no key."""
    arn = get_settings().payment_keys_secret
    value = _read(arn, "PAYMENT_KEYS_SECRET", transform="json")
    keys = value if isinstance(value, dict) else {}
    secret_key, webhook_secret = keys.get("secret_key"), keys.get("webhook_secret")
    if not (isinstance(secret_key, str) and secret_key and isinstance(webhook_secret, str) and webhook_secret):
        raise ConfigurationError(
            f"PAYMENT_PROVIDER=stripe needs secret_key and webhook_secret in PAYMENT_KEYS_SECRET ({arn})"
        )
    return PaymentKeys(secret_key, webhook_secret)


def forget() -> None:
    """Drop every kept value (tests switch accounts and rotate keys)."""
    _kept.clear()


def _key(arn: str, setting: str) -> str:
    value = _read(arn, setting)
    if not isinstance(value, str) or len(value) < KEY_MIN_LENGTH:
        raise ConfigurationError(f"{setting}: the secret {arn} must hold at least {KEY_MIN_LENGTH} characters")
    return value


def _read(arn: str, setting: str, transform: Literal["json"] | None = None) -> object:
    now = time.monotonic()
    kept = _kept.get(arn)
    if kept is None or now - kept.read_at >= get_settings().secrets_max_age_seconds:
        kept = _kept[arn] = _Kept(_fetch(arn, setting), now)
    if transform is None:
        return kept.value
    try:
        return json.loads(kept.value)
    except ValueError as exc:
        raise ConfigurationError(f"{setting}: the secret {arn} is not JSON") from exc


def _fetch(arn: str, setting: str) -> str:
    from botocore.exceptions import ClientError

    try:
        value = clients.secrets_manager().get_secret_value(SecretId=arn).get("SecretString")
    except ClientError as exc:
        # A missing secret, or one this function may not read: the function is misconfigured.
        raise ConfigurationError(f"{setting}: the secret {arn} could not be read ({exc})") from exc
    if not isinstance(value, str):  # a binary secret: none of the portal's is
        raise ConfigurationError(f"{setting}: the secret {arn} holds no string")
    return value
