"""The account's own record and its contacts, for the account's data export (functions/documents/exports.py).

Each call reads one DynamoDB page and returns JSON-able items and the cursor after them. The
business's internal notes on the account are its own working papers, not the customer's data:
left out.
"""

from typing import Any

from functions.core.clock import Clock
from functions.core.paging import Page
from functions.customers import contacts, service

SECTIONS = ("account", "contacts")


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the account's `section` (account: its record; contacts: every contact, one Query)."""
    if section == "account":
        account = service.get_customer(account_id).model_dump(mode="json", exclude={"notes"})
        return Page[dict[str, Any]](items=[account])
    if section == "contacts":
        members = service.account_contacts(account_id)  # at most MAX_CONTACTS: one page
        return Page[dict[str, Any]](
            items=[contacts.to_contact(m).model_dump(mode="json", exclude={"is_me"}) for m in members]
        )
    raise LookupError(f"the customers domain exports no {section}")
