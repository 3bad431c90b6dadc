"""Which channels each contact wants, per category. Sign-in codes and new-sign-in warnings
are not a category: the auth domain sends those whatever is chosen here.

A person's choice is theirs, not the account's: the bookkeeper may want invoices by text and
the owner in the portal only. A contact on two accounts chooses once for both."""

from collections.abc import Collection, Sequence
from typing import Any

from pynamodb.exceptions import DoesNotExist

from functions.core.clock import Clock
from functions.core.principal import contact_key
from functions.notifications.models import PREFERENCES, PreferencesItem
from functions.notifications.templates import CATEGORIES

CHANNELS = ("in_app", "email", "sms")
# Until a contact chooses: everything in the portal and by e-mail; texts only when asked for.
DEFAULT = ("in_app", "email")
# A contact with no e-mail at all (they sign in by mobile): in the portal and by text instead.
DEFAULT_WITHOUT_EMAIL = ("in_app", "sms")

Channels = dict[str, list[str]]


def _every_category(chosen: dict[str, Any], has_email: bool) -> Channels:
    default = DEFAULT if has_email else DEFAULT_WITHOUT_EMAIL
    return {category: list(chosen.get(category, default)) for category in CATEGORIES}


def channels_of(contact_id: str, has_email: bool = True) -> Channels:
    """Category -> channels, every category present; `has_email`: whether any e-mail reaches them."""
    try:
        chosen = PreferencesItem.get(contact_key(contact_id), PREFERENCES, consistent_read=True).channels.as_dict()  # type: ignore[no-untyped-call]
    except DoesNotExist:
        chosen = {}
    return _every_category(chosen, has_email)


def channels_of_each(contact_ids: Sequence[str], without_email: Collection[str] = ()) -> dict[str, Channels]:
    """channels_of for several contacts, in one BatchGet (a call per 100 contacts);
    `without_email`: those no e-mail reaches."""
    found = {
        item.pk: item.channels.as_dict()  # type: ignore[no-untyped-call]
        for item in PreferencesItem.batch_get(
            [(contact_key(contact_id), PREFERENCES) for contact_id in dict.fromkeys(contact_ids)], consistent_read=True
        )
    }
    return {
        contact_id: _every_category(found.get(contact_key(contact_id), {}), contact_id not in without_email)
        for contact_id in contact_ids
    }


def choose(contact_id: str, channels: Channels, clock: Clock, has_email: bool = True) -> Channels:
    """Save the choice for the categories given; the others keep theirs."""
    merged = channels_of(contact_id, has_email)
    merged.update({category: sorted(set(chosen), key=CHANNELS.index) for category, chosen in channels.items()})
    PreferencesItem(contact_key(contact_id), PREFERENCES, channels=merged, updated_at=clock.now().isoformat()).save()
    return merged
