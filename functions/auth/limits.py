"""Fixed-window rate limits on DynamoDB counters: atomic, no read-then-write.

All limits of one action are consumed in one transaction: either every counter has room and
all go up by one, or none moves and the action is refused.

A counter's key names what it counts (a phone number, an address) only by a keyed digest: the
table holds no one's number in a key, so a person erased leaves no counter that names them,
and a digest without the pepper cannot be walked back through the few billion numbers there are.
"""

import hashlib
import hmac
from dataclasses import dataclass

from pynamodb.exceptions import TransactWriteError

from functions.auth.models import RateCounterItem
from functions.core.secrets import signin_code_pepper
from functions.core.transactions import Transaction


@dataclass(frozen=True)
class Limit:
    name: str
    key: str
    most: int
    window_seconds: int


HOUR, DAY = 3600, 86400


def sends_to(principal_id: str, phone: str | None) -> list[Limit]:
    """Codes sent to one person: 5 an hour and 10 a day; 3 an hour to one phone number."""
    limits = [Limit("send-hour", principal_id, 5, HOUR), Limit("send-day", principal_id, 10, DAY)]
    if phone:
        limits.append(Limit("send-phone-hour", phone, 3, HOUR))
    return limits


def confirmation_sends(principal_id: str, destination: str) -> list[Limit]:
    """Codes that confirm a contact someone adds: their own send allowance, and 3 an hour to one
    number or address. That counter is not the sign-in one, so whoever types another account's
    number cannot use up the texts its owner signs in with."""
    return [*sends_to(principal_id, None), Limit("confirm-destination-hour", destination, 3, HOUR)]


def starts_from(address: str) -> list[Limit]:
    return [Limit("start-address-hour", address, 30, HOUR)]


def verifies_from(address: str) -> list[Limit]:
    return [Limit("verify-address-hour", address, 60, HOUR)]


def _digest(value: str) -> str:
    key = hmac.new(signin_code_pepper().encode(), b"portal rate counter", hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def allow(limits: list[Limit], now: float) -> bool:
    """Count one hit against every limit, if every limit has room; say whether it had."""
    if not limits:
        return True
    try:
        with Transaction() as transaction:
            for limit in limits:
                window = int(now // limit.window_seconds)
                counter = RateCounterItem(f"RATE#{limit.name}#{_digest(limit.key)}#{window}", "RATE")
                transaction.update(
                    counter,
                    actions=[
                        RateCounterItem.hits.add(1),
                        RateCounterItem.expires_at.set((window + 1) * limit.window_seconds + 60),
                    ],
                    condition=RateCounterItem.hits.does_not_exist() | (RateCounterItem.hits < limit.most),
                )
    except TransactWriteError:  # a counter's condition failed: it was full
        return False
    return True
