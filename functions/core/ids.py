"""Identifiers: sortable by creation time, unguessable, URL-safe."""

import secrets
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def _base32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def encode_time(millis: int) -> str:
    """The first 10 characters of an id made at this instant: ids sort by time."""
    return _base32(millis, 10)


def new_id(now_ms: int | None = None) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, 26 characters."""
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    return _base32(millis, 10) + _base32(secrets.randbits(80), 16)
