"""Which channels each customer wants, per category. Sign-in codes and new-sign-in warnings
are not a category: the auth domain sends those whatever is chosen here."""

from pynamodb.exceptions import DoesNotExist

from functions.core.clock import Clock
from functions.core.principal import customer_key
from functions.notifications.models import PREFERENCES, PreferencesItem
from functions.notifications.templates import CATEGORIES

CHANNELS = ("in_app", "email", "sms")
# Until a customer chooses: everything in the portal and by e-mail; texts only when asked for.
DEFAULT = ("in_app", "email")


def channels_of(customer_id: str) -> dict[str, list[str]]:
    """Category -> channels, every category present."""
    try:
        chosen = PreferencesItem.get(customer_key(customer_id), PREFERENCES, consistent_read=True).channels.as_dict()  # type: ignore[no-untyped-call]
    except DoesNotExist:
        chosen = {}
    return {category: list(chosen.get(category, DEFAULT)) for category in CATEGORIES}


def choose(customer_id: str, channels: dict[str, list[str]], clock: Clock) -> dict[str, list[str]]:
    """Save the choice for the categories given; the others keep theirs."""
    merged = channels_of(customer_id)
    merged.update({category: sorted(set(chosen), key=CHANNELS.index) for category, chosen in channels.items()})
    PreferencesItem(customer_key(customer_id), PREFERENCES, channels=merged, updated_at=clock.now().isoformat()).save()
    return merged
