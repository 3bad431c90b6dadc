"""Identifiers: sortable by creation time, unguessable, URL-safe."""

import secrets
import threading
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


_last = [0, 0]  # the millisecond and random part of the last id made here
_lock = threading.Lock()


def new_id(now_ms: int | None = None) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, 26 characters.

    Monotonic within a process (the ULID spec's mode): a second id in the same millisecond
    takes the last random part plus one, so entries written in one request sort in the order
    they were made.
    """
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    with _lock:
        random = _last[1] + 1 if millis == _last[0] and _last[1] + 1 < 2**80 else secrets.randbits(79)
        _last[0], _last[1] = millis, random
    return _base32(millis, 10) + _base32(random, 16)
