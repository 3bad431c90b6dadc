"""A buyer's spending limit: which of their orders wait for an account admin's approval.

An account's admin sets a limit per contact (core.principal.Membership: an amount in minor
units of one currency). A buyer's order whose total is above it, or in another currency than
the limit's (the portal converts nothing), waits for an admin (orders.approval) before the
business sees it. Only a buyer's orders are held: an admin orders freely, as does any contact
with no limit.
"""

from functions.core.money import Money
from functions.core.principal import Principal


def limit_of(contact: Principal) -> Money | None:
    """The limit the contact's orders on the active account are held to, or None."""
    account = contact.account
    if account is None or account.role != "buyer":
        return None
    if account.spending_limit is None or account.spending_currency is None:
        return None
    return Money(amount=account.spending_limit, currency=account.spending_currency)


def needs_approval(limit: Money | None, total: int, currency: str) -> bool:
    """Whether an order of `total` in `currency` is above `limit`: a total equal to it is not."""
    if limit is None:
        return False
    return currency != limit.currency or total > limit.amount
