"""The account's orders, for the account's data export (functions/documents/exports.py): one
DynamoDB page a call, JSON-able items and the cursor after them."""

from typing import Any

from functions.core.clock import Clock
from functions.core.paging import Page
from functions.orders import service

SECTIONS = ("orders",)
PAGE = 50


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the account's orders, newest first, each with its lines and status history."""
    if section != "orders":
        raise LookupError(f"the orders domain exports no {section}")
    page = service.history(account_id, None, None, None, cursor, PAGE)
    return Page[dict[str, Any]](
        items=[order.model_dump(mode="json") for order in page.items], next_cursor=page.next_cursor
    )
