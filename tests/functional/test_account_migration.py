"""One-person customers of the version before accounts become one-contact accounts, losing nothing."""

from typing import Any

import boto3

from functions.customers.migration import migrate_to_accounts
from functions.notifications.migration import move_to_contacts
from local.outbox import Outbox
from tests.functional.visitor import Visitor


def _as_before_accounts(dynamodb: Any, table: str, customer_id: str) -> None:
    """What the version before accounts stored for a customer: the person on the account's
    PROFILE item (as it is), no contact, no membership, no count of admins."""
    for sk in ("PROFILE", f"ACCOUNT#{customer_id}"):
        dynamodb.delete_item(TableName=table, Key={"pk": {"S": f"CONTACT#{customer_id}"}, "sk": {"S": sk}})
    dynamodb.update_item(
        TableName=table,
        Key={"pk": {"S": f"CUSTOMER#{customer_id}"}, "sk": {"S": "PROFILE"}},
        UpdateExpression="REMOVE admins, kind",
    )


def test_a_customer_from_before_accounts_signs_in_and_finds_everything(
    client: Any, people: dict[str, str], outbox: Outbox, stack_outputs: dict[str, str], operator: Visitor
) -> None:
    dynamodb, table = boto3.client("dynamodb"), stack_outputs["TableName"]
    lea = Visitor(client)
    lea.sign_in("lea@example.com", outbox)
    ticket = lea.create("/tickets", {"kind": "question", "subject": "Before", "description": "Kept?"}).json_body
    _as_before_accounts(dynamodb, table, people["lea"])
    probe = Visitor(client)
    probe.cookies = dict(lea.cookies)
    assert probe.send("GET", "/tickets").status_code == 401  # no contact to be, until it is migrated

    first_moved: list[str] = []

    def feed_first(account_id: str) -> None:  # as the deploy does: the feed, then the person
        first_moved.append(account_id)
        move_to_contacts(account_id)

    moved = migrate_to_accounts(dynamodb, table, before_each=feed_first)
    again = migrate_to_accounts(dynamodb, table, before_each=feed_first)

    assert (moved, again, first_moved) == (1, 0, [people["lea"]])
    # A session of the version before accounts is one of the version before per-device sessions:
    # it ends, and the person signs in again (docs/sign-in.md, "Sessions").
    assert lea.get("/tickets").status_code == 401
    back = Visitor(client)
    back.sign_in("lea@example.com", outbox)
    person = back.get("/auth/session").json_body["person"]
    assert person["account"]["role"] == "admin"
    assert person["account"]["account_id"] == people["lea"]
    assert back.get("/customers/profile").json_body["name"] == "Léa Martin"
    assert [t["ticket_id"] for t in back.get("/tickets").json_body["items"]] == [ticket["ticket_id"]]
    contacts = back.get("/customers/contacts").json_body["items"]
    assert [(c["name"], c["role"], c["is_me"]) for c in contacts] == [("Léa Martin", "admin", True)]
    # the account keeps one admin: the migrated count is right
    assert back.patch(f"/customers/contacts/{people['lea']}", {"role": "viewer"}).json_body["error"]["code"] == (
        "last_admin"
    )
