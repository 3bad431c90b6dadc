"""The audit log: each action the issue lists leaves an entry saying who did it, from which
device, and when, on the account it was done on; the account's admins and viewers read it,
the business reads it per account and its staff's own; nothing can change an entry.
Through the API, on moto."""

import ast
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.app import Chalice

from functions.core.audit import AuditEntry, account_log_key
from functions.core.settings import get_settings
from infra.template import STATEFUL_TEMPLATE, load
from local.edge import EdgeClient, openapi_document
from local.outbox import Outbox
from local.worker import Worker
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.test_documents import share
from tests.functional.test_export import ask, request_received, run_queue
from tests.functional.test_only_mine import order
from tests.functional.test_payments import issue, start
from tests.functional.test_support import attachment
from tests.functional.visitor import Visitor, latest_code

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400  # seconds
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _ok(reply: Any, status: int = 200) -> Any:
    assert reply.status_code == status, reply.json_body
    return reply.json_body


def _log(visitor: Visitor, path: str = "/customers/audit") -> list[dict[str, Any]]:
    """Every entry of the log, newest first, page after page."""
    entries: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = _ok(visitor.get(f"{path}?limit=100{cursor}"))
        entries += page["items"]
        if not page["next_cursor"]:
            return entries
        cursor = f"&cursor={page['next_cursor']}"


def _actions(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["action"] for entry in entries]


def _product(operator: Visitor) -> str:
    body = {"name": "Beans", "price": 1250, "currency": "EUR", "tax_rate": 1400}
    return str(_ok(operator.post("/orders/operator/products", body), 201)["product_id"])


@pytest.fixture
def export_worker(aws: boto3.session.Session, stack_outputs: dict[str, str], portal: dict[str, Chalice]) -> Worker:
    return Worker([portal["payments"]], aws, stack_outputs)  # the export job is a function of the payments app


def test_each_listed_action_leaves_one_entry_naming_who_from_where(
    client: EdgeClient,
    dana: Visitor,
    operator: Visitor,
    outbox: Outbox,
    people: dict[str, str],
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    export_worker: Worker,
) -> None:
    account = people["demo"]
    me = _ok(dana.get("/auth/session"))["person"]
    # Contacts and roles: invited, changed, removed (by the account's admin).
    invited = _ok(
        dana.create("/customers/contacts", {"name": "Ben Books", "email": "ben@example.com", "role": "billing"}), 201
    )
    ben = invited["contact_id"]
    _ok(dana.patch(f"/customers/contacts/{ben}", {"role": "viewer"}))
    # Profile and notification addresses, by the contact.
    _ok(dana.patch("/customers/profile", {"language": "fr"}))
    before = len(outbox.messages())
    _ok(dana.post("/customers/profile/mobile", {"mobile": "+15555550177"}), 202)
    _ok(dana.post("/customers/profile/mobile/confirm", {"code": latest_code(outbox, since=before)}))
    before = len(outbox.messages())
    _ok(dana.post("/customers/profile/contact-email", {"contact_email": "dana.notes@example.com"}), 202)
    _ok(dana.post("/customers/profile/contact-email/confirm", {"code": latest_code(outbox, since=before)}))
    _ok(dana.call("DELETE", "/customers/profile/contact-email"))
    # Money, documents, orders.
    invoice = issue(operator, account, 2500)
    started = _ok(start(dana, "audit-pay-1", (invoice["invoice_id"], 2500)), 201)
    document = share(operator, account, "Contract")
    _ok(dana.get(f"/documents/{document['document_id']}/download"))
    sent = request_received(operator, dana, account)  # the file she sent for a request
    _ok(dana.get(f"/documents/document-requests/{sent['request_id']}/download"))
    photo = attachment(dana)
    _ok(dana.get(f"/documents/attachments/{photo}/download"))
    export = _ok(ask(dana), 201)
    assert dana.get(f"/documents/exports/{export['export_id']}/download").status_code == 409, "not ready: no link"
    run_queue(aws, stack_outputs, export_worker)
    _ok(dana.get(f"/documents/exports/{export['export_id']}/download"))
    placed = order(dana, _product(operator))
    _ok(dana.post(f"/orders/{placed}/cancel", {"reason": "Ordered twice"}))
    _ok(dana.call("DELETE", f"/customers/contacts/{ben}"), 204)

    entries = _log(dana)
    actions = _actions(entries)
    for action in (
        "sign_in",
        "contact_added",
        "contact_changed",
        "contact_removed",
        "profile_changed",
        "mobile_changed",
        "notification_email_changed",
        "notification_email_removed",
        "payment_started",
        "order_submitted",
        "order_cancelled",
        "export_requested",
        "export_downloaded",
    ):
        assert actions.count(action) == 1, (action, actions)
    downloads = [entry["target"] for entry in entries if entry["action"] == "document_downloaded"]
    assert [(target["kind"], target["id"]) for target in downloads] == [
        ("attachment", photo),
        ("document_request", sent["request_id"]),
        ("document", document["document_id"]),
    ], "a shared document, a sent file, an attachment: newest first"
    assert actions.index("contact_removed") < actions.index("contact_added"), "newest first"

    by_action = {entry["action"]: entry for entry in entries}
    changed = by_action["contact_changed"]
    assert changed["actor"] == {"kind": "contact", "id": me["principal_id"], "name": me["name"], "label": None}
    assert changed["target"]["id"] == ben
    assert changed["target"]["name"] == "Ben Books"
    assert changed["details"]["role"] == "billing"
    assert changed["details"]["new_role"] == "viewer"
    assert by_action["payment_started"]["target"]["id"] == started["payment"]["payment_id"]
    assert by_action["payment_started"]["details"] == {"amount": 2500, "currency": invoice["currency"]}
    assert by_action["order_cancelled"]["target"]["id"] == placed
    assert downloads[-1] == {"kind": "document", "id": document["document_id"], "name": None, "label": None}
    assert by_action["export_downloaded"]["target"]["id"] == export["export_id"]
    assert by_action["export_requested"]["target"]["id"] == export["export_id"]
    assert by_action["profile_changed"]["details"] == {"fields": ["language"]}
    assert all(entry["account_id"] == account for entry in entries)
    asked = [entry for entry in entries if entry["actor"]["kind"] != "system"]
    assert all(entry["at"] and entry["address"] for entry in asked), "when, and from which address"
    assert _actions(entries)[-1] == "customer_created", "the portal made the test's account: no address"


def test_an_entry_expires_after_the_retention_period_the_business_set(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    dana: Visitor,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a business that keeps its audit log 45 days (make deploy AUDIT_RETENTION_DAYS=45)
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "45")
    get_settings.cache_clear()
    before = int(time.time())

    # When a contact changes her profile
    _ok(dana.patch("/customers/profile", {"language": "fi"}))
    after = int(time.time())

    # Then the entry holds, in the attribute the table's TTL expires items by, the moment 45 days on
    ttl = load(STATEFUL_TEMPLATE)["Resources"]["PortalTable"]["Properties"]["TimeToLiveSpecification"]
    assert ttl["Enabled"] is True
    written = aws.client("dynamodb").query(
        TableName=stack_outputs["TableName"],
        KeyConditionExpression="pk = :log",
        ExpressionAttributeValues={":log": {"S": account_log_key(people["demo"])}},
    )["Items"]
    [entry] = [item for item in written if item["action"]["S"] == "profile_changed"]
    expires_at = int(entry[ttl["AttributeName"]]["N"])
    assert expires_at == int(datetime.fromisoformat(entry["at"]["S"]).timestamp()) + 45 * DAY
    assert before + 45 * DAY <= expires_at <= after + 45 * DAY


def test_the_device_is_read_from_the_browser_that_asked(dana: Visitor) -> None:
    _ok(dana.call("PATCH", "/customers/profile", {"name": "Dana Demo"}, headers={"User-Agent": FIREFOX}))

    latest = _log(dana)[0]
    assert latest["action"] == "profile_changed"
    assert latest["device"] == "Firefox 128 on Linux"


def test_the_business_sees_the_account_log_and_its_staff_own_actions(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    account = people["demo"]
    added = _ok(
        operator.create(
            f"/customers/operator/customers/{account}/contacts",
            {"name": "Sam", "email": "sam@example.com", "role": "buyer"},
        ),
        201,
    )
    placed = order(dana, _product(operator))
    _ok(operator.post(f"/orders/operator/orders/{placed}/confirm"))

    per_account = _log(operator, f"/customers/operator/customers/{account}/audit")
    assert {"contact_added", "order_submitted", "order_confirmed"} <= set(_actions(per_account))
    danas = _log(dana)
    assert [e["entry_id"] for e in danas] == [e["entry_id"] for e in per_account], "the very same log"
    staff_rows = [e for e in danas if e["actor"]["kind"] == "staff"]
    assert staff_rows, "the business's actions on the account"
    assert {(e["device"], e["address"]) for e in staff_rows} == {("", "")}, "not where its staff work from"
    assert all(e["address"] for e in per_account if e["actor"]["kind"] == "staff"), "the business sees it"

    staff = _log(operator, "/customers/operator/audit")
    assert _actions(staff)[:2] == ["order_confirmed", "contact_added"]
    assert {entry["actor"]["kind"] for entry in staff} == {"staff"}, "only the staff's own actions"
    assert staff[1]["target"]["id"] == added["contact_id"]
    assert staff[0]["account_name"] == _ok(operator.get(f"/customers/operator/customers/{account}"))["name"]


def test_only_admins_and_viewers_read_the_log_and_another_account_is_not_theirs(
    client: EdgeClient, dana: Visitor, lea: Visitor, outbox: Outbox, operator: Visitor, people: dict[str, str]
) -> None:
    _ok(dana.create("/customers/contacts", {"name": "Bo", "email": "bo@example.com", "role": "billing"}), 201)
    bo = Visitor(client)
    bo.sign_in("bo@example.com", outbox)

    refused = bo.get("/customers/audit")
    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "role_not_allowed"
    assert _actions(_log(lea)) == ["sign_in", "customer_created"], "Lea's own account's, nothing of Dana's"
    assert operator.get("/customers/audit").status_code == 403
    assert dana.get("/customers/operator/audit").status_code == 403
    assert operator.get("/customers/operator/customers/NOSUCHCUSTOMER/audit").status_code == 404


def test_a_page_of_the_log_costs_the_same_calls_whatever_its_length(
    dana: Visitor, people: dict[str, str], dynamodb_calls: DynamoDBCalls
) -> None:
    _ok(dana.patch("/customers/profile", {"language": "fi"}))
    short = dynamodb_calls.of_page(dana, "/customers/audit?limit=20")
    with AuditEntry.batch_write() as batch:
        for n in range(300):
            old = AuditEntry(account_log_key(people["demo"]), f"0{n:025d}", entry_id=f"0{n:025d}", action="sign_in")
            old.at, old.actor_kind, old.actor_id = "2026-01-01T00:00:00+00:00", "contact", f"C{n}"
            batch.save(old)
    long = dynamodb_calls.of_page(dana, "/customers/audit?limit=20")
    assert long == short == ["Query", "Query", "BatchGetItem"], "the session check, the page, its names"


def test_no_route_and_no_module_can_change_an_entry() -> None:
    document = openapi_document()
    audit_routes = {
        (path, method) for path, methods in document["paths"].items() if "audit" in path for method in methods
    }
    assert audit_routes
    assert {method for _, method in audit_routes} == {"get"}

    # AuditEntry is made in core.audit and read in the customers domain; nobody updates or deletes one.
    writers = []
    for source in (ROOT / "functions").rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("update", "delete") and _names_audit(node.value):
                writers.append(f"{source.relative_to(ROOT)}:{node.lineno}")
    assert writers == []
    users = {
        str(source.relative_to(ROOT))
        for source in (ROOT / "functions").rglob("*.py")
        if "AuditEntry" in source.read_text(encoding="utf-8")
    }
    assert users == {"functions/core/audit.py", "functions/customers/audit_log.py"}


def _names_audit(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Name) and "audit" in n.id.lower() for n in ast.walk(node))
