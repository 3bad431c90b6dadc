"""Access-token checks on every request: RS256 signature against the pool's JWKS, issuer,
client id, token use, expiry. The same code locally (moto's keys) and in AWS. And the session
seal beside the token: which session of its owner it is, and the sign-out generation it began in.

RS256 is verified here in a few lines of standard-library Python (RSASSA-PKCS1-v1_5,
RFC 8017 8.2.2: rebuild the expected encoding, compare it whole, in constant time) rather
than with a cryptography wheel: the wheel for Lambda's platform adds 4 MB to the package
and ~40 ms to a cold start, for one modular exponentiation. The JWKS is fetched with urllib3,
which botocore has loaded already, rather than requests (~20 ms of a cold start to import).
"""

import base64
import hashlib
import hmac
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import urllib3

from functions.core.errors import NotSignedIn

# DER prefix of DigestInfo for SHA-256 (RFC 8017, 9.2 note 1).
_SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
_JWKS_REFRESH_SECONDS = 60
CLOCK_SKEW_SECONDS = 30
SESSION_ID = re.compile(r"[0-9A-Z]{26}")  # a ULID (core.ids): sessions sort by when they began


@dataclass(frozen=True)
class AccessClaims:
    username: str
    groups: tuple[str, ...]
    issued_at: int
    expires_at: int


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _int(segment: str) -> int:
    return int.from_bytes(_b64(segment), "big")


def rs256_valid(signing_input: bytes, signature: bytes, modulus: int, exponent: int) -> bool:
    size = (modulus.bit_length() + 7) // 8
    if len(signature) != size:
        return False
    value = int.from_bytes(signature, "big")
    if value >= modulus:
        return False
    encoded = pow(value, exponent, modulus).to_bytes(size, "big")
    digest_info = _SHA256_PREFIX + hashlib.sha256(signing_input).digest()
    padding = size - len(digest_info) - 3
    if padding < 8:
        return False
    expected = b"\x00\x01" + b"\xff" * padding + b"\x00" + digest_info
    return hmac.compare_digest(encoded, expected)


class KeySet:
    """The pool's public keys, fetched once and again only for an unknown key id."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key(self, kid: str) -> dict[str, Any] | None:
        with self._lock:
            if kid not in self._keys and time.monotonic() - self._fetched_at > _JWKS_REFRESH_SECONDS:
                self._keys = {k["kid"]: k for k in fetch_json(self._url)["keys"]}
                self._fetched_at = time.monotonic()
            return self._keys.get(kid)


def fetch_json(url: str) -> Any:
    """GET a JSON document (the pool's JWKS); an HTTP error is an exception, as no key is."""
    # PoolManager and .data, not urllib3 2's urllib3.request and .json(): Lambda's runtime may
    # ship urllib3 1.26 beside its botocore.
    reply = urllib3.PoolManager().request("GET", url, timeout=5, retries=urllib3.Retry(total=2, backoff_factor=0.1))
    if reply.status != 200:
        raise urllib3.exceptions.HTTPError(f"GET {url} answered {reply.status}")
    return json.loads(reply.data)


def jwks_url(issuer: str, user_pool_id: str) -> str:
    # moto serves the same document under its own address; in AWS it lives at the issuer.
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    return f"{endpoint}/{user_pool_id}/.well-known/jwks.json" if endpoint else f"{issuer}/.well-known/jwks.json"


def verify_access_token(token: str, keys: KeySet, *, issuer: str, client_id: str, now: float) -> AccessClaims:
    """The token's claims if Cognito issued it to this app and it is still valid; else NotSignedIn."""
    refused = NotSignedIn("Your session has ended. Please sign in again.", code="session_ended")
    try:
        header_segment, payload_segment, signature_segment = token.split(".")
        header = json.loads(_b64(header_segment))
        claims = json.loads(_b64(payload_segment))
        signature = _b64(signature_segment)
    except (ValueError, UnicodeDecodeError) as exc:
        raise refused from exc
    if not isinstance(header, dict) or not isinstance(claims, dict) or header.get("alg") != "RS256":
        raise refused
    key = keys.key(str(header.get("kid", "")))
    if key is None or key.get("kty") != "RSA":
        raise refused
    signing_input = f"{header_segment}.{payload_segment}".encode()
    if not rs256_valid(signing_input, signature, _int(key["n"]), _int(key["e"])):
        raise refused
    valid = (
        claims.get("iss") == issuer
        and claims.get("client_id") == client_id
        and claims.get("token_use") == "access"
        and isinstance(claims.get("exp"), int)
        and claims["exp"] > now
        and isinstance(claims.get("iat"), int)
        and claims["iat"] <= now + CLOCK_SKEW_SECONDS
        and isinstance(claims.get("username"), str)
    )
    if not valid:
        raise refused
    return AccessClaims(
        username=claims["username"],
        groups=tuple(claims.get("cognito:groups") or ()),
        issued_at=int(claims.get("auth_time") or claims["iat"]),
        expires_at=claims["exp"],
    )


def seal_key(pepper: str) -> bytes:
    """The seal's own key, derived from the pepper, so a seal and a code digest never share one."""
    return hmac.new(pepper.encode(), b"portal session seal", hashlib.sha256).digest()


def _seal_mac(body: str, key: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class Seal:
    """What a session cookie vouches for: the sign-out generation it began in and its session."""

    generation: int
    session_id: str


def seal_session(principal_id: str, generation: int, session_id: str, key: bytes) -> str:
    """The session cookie's value: whose session it is, the sign-out generation it began in, and
    which of its owner's sessions it is (the live ones are listed on the owner's record).

    Cognito's tokens cannot carry it (their claims are Cognito's), and their `iat` counts whole
    seconds, so it travels beside them, signed, and is checked with them on every request.
    """
    body = f"{principal_id}.{generation}.{session_id}"
    return f"{body}.{_seal_mac(body, key)}"


def open_seal(seal: str | None, principal_id: str, key: bytes) -> Seal | None:
    """What a genuine seal of this person vouches for; None for no seal, a forged one, someone
    else's, or one made before seals named their session (three parts): each is refused, so a
    session that cannot be revoked on its own does not live on."""
    parts = (seal or "").split(".")
    if len(parts) != 4:
        return None
    owner, generation, session_id, mac = parts
    if owner != principal_id or not (generation.isascii() and generation.isdigit()) or len(generation) > 12:
        return None
    if not SESSION_ID.fullmatch(session_id):
        return None
    if not hmac.compare_digest(mac.encode(), _seal_mac(f"{owner}.{generation}.{session_id}", key).encode()):
        return None
    return Seal(int(generation), session_id)
