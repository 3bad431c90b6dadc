"""Reading the audit log (functions/core/audit.py writes it): an account's, for its admins and
viewers and for the business, and the business's staff's own actions.

A page is one Query, newest first, and one BatchGetItem for the names of the people and
accounts it names (at most MAX_PAGE_SIZE entries, two names each: in chunks of DynamoDB's 100
keys, so a fixed number of calls whatever the history). The log holds ids only; the names
are read now, so a person's erasure takes their name out of every entry at once.
"""

import json
from typing import Any

from functions.core.audit import STAFF_LOG, AuditEntry, account_log_key
from functions.core.erasure import ERASED_PERSON
from functions.core.paging import decode_cursor, one_read
from functions.core.principal import PROFILE, contact_key, customer_key, staff_key
from functions.core.table import transaction_connection
from functions.customers.schemas import AuditPage, AuditParty, AuditRecord

BATCH_KEYS = 100  # DynamoDB's BatchGetItem limit
GONE = None  # a name no longer on record (an erased or removed person) shows as nobody in particular


def account_log(account_id: str, cursor: str | None, limit: int, *, for_customer: bool = False) -> AuditPage:
    """An account's log; `for_customer`: as its contacts read it, without where the business's
    staff worked from (their devices and addresses are the business's to know, not its customers')."""
    results = AuditEntry.query(
        account_log_key(account_id),
        scan_index_forward=False,
        page_size=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items, next_cursor = one_read(AuditEntry, results)
    return AuditPage(items=_records(items, for_customer), next_cursor=next_cursor)


def staff_log(cursor: str | None, limit: int) -> AuditPage:
    """What the business's staff did, on any account or on the business's own settings."""
    results = AuditEntry.by_staff.query(
        STAFF_LOG,
        scan_index_forward=False,
        page_size=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items, next_cursor = one_read(AuditEntry, results)
    return AuditPage(items=_records(items), next_cursor=next_cursor)


def _person_key(kind: str, person_id: str) -> str:
    return contact_key(person_id) if kind == "contact" else staff_key(person_id)


def _keys(entries: list[AuditEntry]) -> set[str]:
    wanted: set[str] = set()
    for entry in entries:
        if entry.actor_id and entry.actor_kind in ("contact", "staff"):
            wanted.add(_person_key(entry.actor_kind, entry.actor_id))
        if entry.target_kind == "contact" and entry.target_id:
            wanted.add(contact_key(entry.target_id))
        if entry.account_id:
            wanted.add(customer_key(entry.account_id))
    return wanted


def _names(partitions: set[str]) -> dict[str, str]:
    """The name on each PROFILE item: one BatchGetItem per 100 (unprocessed keys asked again)."""
    client: Any = transaction_connection().client
    table = AuditEntry.Meta.table_name
    ordered = sorted(partitions)
    names: dict[str, str] = {}
    for start in range(0, len(ordered), BATCH_KEYS):
        request: dict[str, Any] = {
            table: {
                "Keys": [{"pk": {"S": pk}, "sk": {"S": PROFILE}} for pk in ordered[start : start + BATCH_KEYS]],
                "ProjectionExpression": "pk, #n",
                "ExpressionAttributeNames": {"#n": "name"},
            }
        }
        while request:
            answer = client.batch_get_item(RequestItems=request)
            for item in answer.get("Responses", {}).get(table, []):
                name = item.get("name", {}).get("S", "")
                if name != ERASED_PERSON:  # an erased person is nobody in particular now
                    names[item["pk"]["S"]] = name
            request = answer.get("UnprocessedKeys") or {}
    return names


def _records(entries: list[AuditEntry], for_customer: bool = False) -> list[AuditRecord]:
    names = _names(_keys(entries)) if entries else {}
    return [_record(entry, names, for_customer) for entry in entries]


def _record(entry: AuditEntry, names: dict[str, str], for_customer: bool) -> AuditRecord:
    hidden = for_customer and entry.actor_kind == "staff"
    actor = AuditParty(kind=entry.actor_kind, id=entry.actor_id)
    if entry.actor_id and entry.actor_kind in ("contact", "staff"):
        actor.name = names.get(_person_key(entry.actor_kind, entry.actor_id), GONE)
    target = None
    if entry.target_kind:
        target = AuditParty(kind=entry.target_kind, id=entry.target_id, label=entry.target_label)
        if entry.target_kind == "contact" and entry.target_id:
            target.name = names.get(contact_key(entry.target_id), GONE)
    return AuditRecord(
        entry_id=entry.entry_id,
        at=entry.at,
        action=entry.action,
        account_id=entry.account_id,
        account_name=names.get(customer_key(entry.account_id)) if entry.account_id else None,
        actor=actor,
        target=target,
        device="" if hidden else entry.device,
        address="" if hidden else entry.address,
        details=json.loads(entry.details),
    )
