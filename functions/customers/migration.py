"""One-person customers (before accounts) become one-contact accounts, with no loss.

Before accounts, a customer's PROFILE item (pk CUSTOMER#id) was the person who signed in: the
Cognito user and the sign-in identities are named by that id. The migration keeps every item
where it is (orders, invoices, tickets... stay under CUSTOMER#id, now the account's partition)
and adds, for each such customer, a contact with the same id (CONTACT#id PROFILE, the person's
attributes and session generation copied) and its membership as the account's admin, in
one transaction per customer that is refused if the contact already exists: run twice, it
changes nothing the second time.

It speaks to DynamoDB through a boto3 client it is given, not the domain's models: the deploy
(infra/deploy.py) runs it from the deployer's machine, before the new code takes requests.
What other domains kept under the person moves first, through `before_each` (the deploy
passes notifications' feed and channel choices): a run stopped between the two finds the
customer still unmarked and does both again, each of them safe to repeat.

No session carries on: a session must be listed on the person's record (docs/sign-in.md,
"Sessions") and the contact made here lists none, so each person signs in again after the
migration, with the same identity and id.
"""

from collections.abc import Callable
from typing import Any

from functions.core.principal import PROFILE, account_sort_key, contact_key
from functions.core.text import fold

PERSON = ("name", "email", "mobile", "language", "status", "session_generation", "contact_email")


def _contact(account: dict[str, Any], customer_id: str) -> dict[str, Any]:
    item = {name: account[name] for name in PERSON if name in account}
    stamp = account.get("updated_at") or account.get("created_at") or {"S": ""}
    return {
        **item,
        "pk": {"S": contact_key(customer_id)},
        "sk": {"S": PROFILE},
        "contact_id": {"S": customer_id},
        "created_at": account.get("created_at") or stamp,
        "updated_at": stamp,
    }


def _membership(account: dict[str, Any], customer_id: str) -> dict[str, Any]:
    name = account["name"]["S"]
    item: dict[str, Any] = {
        "pk": {"S": contact_key(customer_id)},
        "sk": {"S": account_sort_key(customer_id)},
        "account_id": {"S": customer_id},
        "contact_id": {"S": customer_id},
        "account_name": {"S": name},
        "role": {"S": "admin"},
        "scope": {"S": "all"},
        "status": {"S": "active" if account.get("status", {}).get("S") == "active" else "deactivated"},
        "contact_name": {"S": name},
        "contact_email": account["email"],
        "added_at": account.get("created_at") or {"S": ""},
        "added_by": {"S": "migration"},
        "gsi1pk": {"S": f"CUSTOMER#{customer_id}#CONTACTS"},
        "gsi1sk": {"S": f"{fold(name)}#{customer_id}"},
    }
    if "mobile" in account:
        item["contact_mobile"] = account["mobile"]
    return item


def _one_person_customers(dynamodb: Any, table: str) -> list[dict[str, Any]]:
    """Every customer PROFILE without the count of admins accounts have: one scan, run once per deploy."""
    found, start = [], None
    while True:
        page = dynamodb.scan(
            TableName=table,
            FilterExpression="begins_with(pk, :customer) AND sk = :profile AND attribute_not_exists(admins)",
            ExpressionAttributeValues={":customer": {"S": "CUSTOMER#"}, ":profile": {"S": PROFILE}},
            **({"ExclusiveStartKey": start} if start else {}),
        )
        found += page.get("Items", [])
        start = page.get("LastEvaluatedKey")
        if not start:
            return found


def migrate_to_accounts(dynamodb: Any, table: str, before_each: Callable[[str], object] = lambda _: None) -> int:
    """Make every one-person customer an account with that person as its admin; how many were."""
    moved = 0
    for account in _one_person_customers(dynamodb, table):
        customer_id = account["pk"]["S"].removeprefix("CUSTOMER#")
        before_each(customer_id)
        try:
            dynamodb.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": table,
                            "Item": _contact(account, customer_id),
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                    {"Put": {"TableName": table, "Item": _membership(account, customer_id)}},
                    {
                        "Update": {
                            "TableName": table,
                            "Key": {"pk": account["pk"], "sk": account["sk"]},
                            "UpdateExpression": "SET admins = :one, kind = if_not_exists(kind, :person)",
                            "ConditionExpression": "attribute_not_exists(admins)",
                            "ExpressionAttributeValues": {":one": {"N": "1"}, ":person": {"S": "person"}},
                        }
                    },
                ]
            )
        except dynamodb.exceptions.TransactionCanceledException:
            continue  # migrated meanwhile, or its contact already there: nothing to lose
        moved += 1
    return moved
