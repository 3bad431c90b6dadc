"""Documents: sharing, versions, the "new" badge, requests, attachments, checked uploads, removal."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from functions.core import clients
from functions.core.clock import FixedClock
from functions.core.events import OutboxEvent
from functions.core.settings import get_settings
from functions.documents import library
from functions.documents.models import DocumentItem, DocumentVersionItem, UploadItem, document_key, upload_key
from functions.documents.sweep import sweep
from tests.functional.s3_gate import refusal
from tests.functional.visitor import Visitor

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n" + b"%" + b"x" * 300 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def post_file(form: dict[str, Any], body: bytes) -> requests.Response:
    """What the browser does with an upload form: its fields, then the file."""
    return requests.post(form["url"], data=form["fields"], files={"file": ("upload", body)}, timeout=10)


def facts(body: bytes, name: str = "Contract 2026.pdf", content_type: str = "application/pdf") -> dict[str, Any]:
    return {"file_name": name, "content_type": content_type, "size": len(body)}


def share(operator: Visitor, customer_id: str, title: str, body: bytes = PDF, **extra: Any) -> dict[str, Any]:
    started = operator.post(
        "/documents/operator/documents/uploads", {"customer_id": customer_id, "title": title, **facts(body), **extra}
    )
    assert started.status_code == 201, started.json_body
    assert post_file(started.json_body["form"], body).status_code == 204
    confirmed = operator.post(f"/documents/operator/uploads/{started.json_body['upload_id']}/confirm")
    assert confirmed.status_code == 200, confirmed.json_body
    return confirmed.json_body["document"]  # type: ignore[no-any-return]


def fetch(download: dict[str, Any]) -> requests.Response:
    reply = requests.get(download["url"], timeout=10)
    assert reply.status_code == 200
    return reply


def s3_versions(key: str) -> int:
    listed = clients.s3().list_object_versions(Bucket=get_settings().documents_bucket, Prefix=key)
    return len(listed.get("Versions", [])) + len(listed.get("DeleteMarkers", []))


def events(event_type: str) -> list[dict[str, Any]]:
    found = OutboxEvent.scan(OutboxEvent.event_type == event_type)
    return [{"customer_id": e.customer_id, **json.loads(e.payload)} for e in found]


def test_shared_document_is_new_until_its_customer_downloads_it(
    dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    document = share(operator, people["demo"], "Service contract", doc_type="contract")
    share(operator, people["lea"], "Lea's report", doc_type="report")
    assert document["new"] is True
    assert document["version"] == 1
    assert events("document.shared")[0] == {
        "customer_id": people["demo"],
        "document_id": document["document_id"],
        "title": "Service contract",
        "version": 1,
    }

    listed = dana.get("/documents").json_body
    assert listed["new_count"] == 1
    assert [d["title"] for d in listed["items"]] == ["Service contract"]

    # The operator looking at it is not the customer opening it.
    fetch(operator.get(f"/documents/operator/documents/{document['document_id']}/versions/1/download").json_body)
    assert dana.get("/documents").json_body["new_count"] == 1

    download = dana.get(f"/documents/{document['document_id']}/download").json_body
    reply = fetch(download)
    assert reply.content == PDF
    assert download["file_name"] == "Contract 2026.pdf"
    assert "Contract 2026.pdf" in reply.headers["Content-Disposition"]
    listed = dana.get("/documents").json_body
    assert listed["new_count"] == 0
    assert listed["items"][0]["new"] is False
    assert lea.get("/documents").json_body["new_count"] == 1  # hers is still new


def test_another_customers_documents_are_404_and_give_no_url(
    dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    document = share(operator, people["demo"], "Dana's contract")
    asked = operator.create(
        "/documents/operator/document-requests", {"customer_id": people["demo"], "title": "ID card"}
    ).json_body
    started = dana.post(f"/documents/document-requests/{asked['request_id']}/uploads", facts(PDF)).json_body
    post_file(started["form"], PDF)
    dana.post(f"/documents/uploads/{started['upload_id']}/confirm")
    attachment = dana.post("/documents/attachments/uploads", facts(PNG, "photo.png", "image/png")).json_body
    post_file(attachment["form"], PNG)
    attached = dana.post(f"/documents/uploads/{attachment['upload_id']}/confirm").json_body["attachment"]

    for method, path, body in (
        ("GET", f"/documents/{document['document_id']}/download", None),
        ("GET", f"/documents/document-requests/{asked['request_id']}/download", None),
        ("POST", f"/documents/document-requests/{asked['request_id']}/uploads", facts(PDF)),
        ("POST", f"/documents/uploads/{started['upload_id']}/confirm", None),
        ("GET", f"/documents/attachments/{attached['attachment_id']}/download", None),
    ):
        reply = lea.call(method, path, body)
        assert reply.status_code == 404, path
        assert "url" not in json.dumps(reply.json_body), path
    assert lea.get("/documents").json_body == {"items": [], "next_cursor": None, "new_count": 0}
    assert lea.get("/documents/document-requests").json_body["items"] == []
    # An operator's upload cannot be confirmed by a customer, nor a customer's by the share route.
    assert dana.post(f"/documents/operator/uploads/{started['upload_id']}/confirm").status_code == 403
    assert operator.post(f"/documents/operator/uploads/{started['upload_id']}/confirm").status_code == 404


def test_a_download_link_lives_five_minutes_and_cannot_be_stretched(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    document = share(operator, people["demo"], "Contract")
    url = dana.get(f"/documents/{document['document_id']}/download").json_body["url"]
    signed_at = datetime.strptime(parse_qs(urlsplit(url).query)["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    secret = clients.session().get_credentials().secret_key  # what the app signed with
    assert refusal(url, secret, signed_at + timedelta(seconds=299)) is None
    assert refusal(url, secret, signed_at + timedelta(seconds=301)) == "Request has expired"
    stretched = url.replace("X-Amz-Expires=300", "X-Amz-Expires=86400")
    assert stretched != url
    assert refusal(stretched, secret, signed_at + timedelta(seconds=301)) == "SignatureDoesNotMatch"


def test_the_upload_policy_fixes_key_size_and_type(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    asked = operator.create(
        "/documents/operator/document-requests", {"customer_id": people["demo"], "title": "Insurance"}
    ).json_body
    started = dana.post(f"/documents/document-requests/{asked['request_id']}/uploads", facts(PDF)).json_body
    fields = started["form"]["fields"]
    policy = json.loads(base64.b64decode(fields["policy"]))
    key = UploadItem.get(upload_key(started["upload_id"]), "UPLOAD").s3_key
    assert fields["key"] == key
    assert key.startswith(f"customers/{people['demo']}/request/")
    assert {"key": key} in policy["conditions"]
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    assert ["content-length-range", 1, 25 * 1024 * 1024] in policy["conditions"]
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert "s3_key" not in json.dumps(started)


@pytest.fixture
def small_uploads(monkeypatch: pytest.MonkeyPatch, settings_env: dict[str, str]) -> int:
    monkeypatch.setenv("UPLOAD_MAX_BYTES", "4096")
    get_settings.cache_clear()
    return 4096


def test_an_upload_over_the_limit_is_refused_and_its_object_deleted(
    small_uploads: int, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    asked = operator.create(
        "/documents/operator/document-requests", {"customer_id": people["demo"], "title": "Scan"}
    ).json_body
    path = f"/documents/document-requests/{asked['request_id']}/uploads"
    too_big = dana.post(path, facts(b"x" * 5000))
    assert too_big.status_code == 413
    assert "at most 4 KB" in too_big.json_body["error"]["message"]

    # It claims 4,000 bytes; moto stores the 6,000 sent (S3 would refuse by the policy).
    started = dana.post(path, {**facts(PDF), "size": 4000}).json_body
    body = PDF + b"y" * (6000 - len(PDF))
    assert post_file(started["form"], body).status_code == 204
    key = UploadItem.get(upload_key(started["upload_id"]), "UPLOAD").s3_key
    assert s3_versions(key) == 1
    refused = dana.post(f"/documents/uploads/{started['upload_id']}/confirm")
    assert refused.status_code == 413, refused.json_body
    assert s3_versions(key) == 0
    assert UploadItem.count(upload_key(started["upload_id"])) == 0
    assert dana.get("/documents/document-requests").json_body["items"][0]["status"] == "requested"
    assert events("document.received") == []


@pytest.mark.parametrize(
    ("declared", "announced", "sent", "status"),
    [
        ("application/pdf", 30, b"MZ\x90\x00 this is a Windows program", 415),  # a program renamed .pdf
        ("image/png", len(PDF), PDF, 415),  # a PDF said to be an image
        ("application/pdf", len(PDF), PDF[:-3], 409),  # not the size announced
    ],
)
def test_an_upload_that_is_not_what_it_claims_is_refused_and_deleted(
    declared: str, announced: int, sent: bytes, status: int, dana: Visitor
) -> None:
    started = dana.post(
        "/documents/attachments/uploads", {"file_name": "x", "content_type": declared, "size": announced}
    )
    assert started.status_code == 201
    post_file(started.json_body["form"], sent)
    key = UploadItem.get(upload_key(started.json_body["upload_id"]), "UPLOAD").s3_key
    reply = dana.post(f"/documents/uploads/{started.json_body['upload_id']}/confirm")
    assert reply.status_code == status, reply.json_body
    assert s3_versions(key) == 0


def test_a_forbidden_kind_of_file_is_refused_before_upload(dana: Visitor) -> None:
    reply = dana.post("/documents/attachments/uploads", facts(b"MZ", "setup.exe", "application/x-msdownload"))
    assert reply.status_code == 400
    assert reply.json_body["error"]["details"][0]["field"] == "content_type"
    assert UploadItem.count("UPLOAD#", UploadItem.sk == "UPLOAD") == 0


def test_a_requested_document_is_received_once_checked(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    asked = operator.create(
        "/documents/operator/document-requests",
        {"customer_id": people["demo"], "title": "Proof of address", "description": "A bill", "due_date": "2026-12-31"},
    )
    assert asked.status_code == 201
    request_id = asked.json_body["request_id"]
    assert events("document.requested")[0]["request_id"] == request_id
    started = dana.post(f"/documents/document-requests/{request_id}/uploads", facts(PDF, "bill.pdf")).json_body
    confirm = f"/documents/uploads/{started['upload_id']}/confirm"
    early = dana.post(confirm)
    assert early.status_code == 409
    assert "not arrived" in early.json_body["error"]["message"]

    post_file(started["form"], PDF)
    received = dana.post(confirm).json_body["request"]
    assert received["status"] == "received"
    assert received["file_name"] == "bill.pdf"
    assert dana.post(confirm).json_body["request"] == received  # a repeated confirm answers the same
    assert len(events("document.received")) == 1
    listed = operator.get(f"/documents/operator/customers/{people['demo']}/document-requests").json_body["items"]
    assert [(r["title"], r["status"]) for r in listed] == [("Proof of address", "received")]
    assert fetch(operator.get(f"/documents/operator/document-requests/{request_id}/download").json_body).content == PDF
    again = dana.post(f"/documents/document-requests/{request_id}/uploads", facts(PDF))
    assert again.status_code == 409
    assert operator.post(f"/documents/operator/document-requests/{request_id}/cancel").status_code == 409


def test_a_new_version_is_what_the_customer_sees_and_history_is_kept(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    first = share(operator, people["demo"], "Price list")
    fetch(dana.get(f"/documents/{first['document_id']}/download").json_body)
    second_body = PDF.replace(b"xxxx", b"v2v2", 1)
    started = operator.post(
        f"/documents/operator/documents/{first['document_id']}/uploads", facts(second_body, "Price list v2.pdf")
    ).json_body
    post_file(started["form"], second_body)
    second = operator.post(f"/documents/operator/uploads/{started['upload_id']}/confirm").json_body["document"]
    assert second["document_id"] == first["document_id"]
    assert second["version"] == 2

    listed = dana.get("/documents").json_body
    assert listed["new_count"] == 1  # a new version is new again
    assert [(d["version"], d["file_name"]) for d in listed["items"]] == [(2, "Price list v2.pdf")]
    assert fetch(dana.get(f"/documents/{first['document_id']}/download").json_body).content == second_body
    history = operator.get(f"/documents/operator/documents/{first['document_id']}").json_body
    assert [v["version"] for v in history["versions"]] == [2, 1]
    old = operator.get(f"/documents/operator/documents/{first['document_id']}/versions/1/download").json_body
    assert fetch(old).content == PDF
    assert operator.get(f"/documents/operator/documents/{first['document_id']}/versions/3/download").status_code == 404


def test_documents_filter_by_type_and_page(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    for n in range(3):
        share(operator, people["demo"], f"Report {n}", doc_type="report")
    share(operator, people["demo"], "Contract", doc_type="contract")
    # Each page is one read of 2 documents and shows the reports among them; the cursor goes on
    pages, cursor = [], ""
    while cursor is not None:
        page = dana.get(f"/documents?type=report&limit=2{f'&cursor={cursor}' if cursor else ''}").json_body
        pages.append([d["title"] for d in page["items"]])
        cursor = page["next_cursor"]
    assert pages[0] == ["Report 2"]  # the newest two: the contract and report 2
    assert [title for page in pages for title in page] == ["Report 2", "Report 1", "Report 0"]
    assert dana.get("/documents?type=invoice").status_code == 400


class ProcessKilled(BaseException):
    """The Lambda stopping between two steps (a timeout, a crash): nothing after it runs."""


@pytest.mark.parametrize("dies", ["before the objects are deleted", "before the items are deleted"])
def test_unshare_killed_halfway_leaves_nothing_after_the_sweep(
    dies: str, dana: Visitor, operator: Visitor, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = share(operator, people["demo"], "Old terms")
    document_id = document["document_id"]
    key = DocumentItem.get(document_key(document_id), "DOCUMENT").s3_key

    def killed(*args: Any, **kwargs: Any) -> None:
        raise ProcessKilled

    if dies == "before the objects are deleted":
        monkeypatch.setattr(library, "delete_object", killed)
    else:
        monkeypatch.setattr(DocumentVersionItem, "delete", killed)
    with pytest.raises(ProcessKilled):
        library.unshare(document_id, FixedClock(datetime.now(UTC)))
    monkeypatch.undo()

    # Gone for the customer at once, whatever is left behind.
    assert dana.get("/documents").json_body["items"] == []
    assert dana.get(f"/documents/{document_id}/download").status_code == 404
    left = s3_versions(key), DocumentItem.count(document_key(document_id))
    assert left == ((1, 2) if dies == "before the objects are deleted" else (0, 2))

    assert sweep(FixedClock(datetime.now(UTC)))["removals_finished"] == 1
    assert s3_versions(key) == 0
    assert DocumentItem.count(document_key(document_id)) == 0
    assert sweep(FixedClock(datetime.now(UTC)))["removals_finished"] == 0


def test_unshare_removes_every_version_and_its_files(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    first = share(operator, people["demo"], "Terms")
    started = operator.post(f"/documents/operator/documents/{first['document_id']}/uploads", facts(PDF)).json_body
    post_file(started["form"], PDF)
    operator.post(f"/documents/operator/uploads/{started['upload_id']}/confirm")
    keys = [
        v.s3_key
        for v in DocumentVersionItem.query(
            document_key(first["document_id"]), DocumentVersionItem.sk.startswith("VERSION#")
        )
    ]
    assert len(keys) == 2
    assert operator.call("DELETE", f"/documents/operator/documents/{first['document_id']}").status_code == 200
    assert [s3_versions(key) for key in keys] == [0, 0]
    assert DocumentItem.count(document_key(first["document_id"])) == 0
    assert operator.call("DELETE", f"/documents/operator/documents/{first['document_id']}").status_code == 404


def test_an_upload_nobody_confirms_is_swept_with_its_object(dana: Visitor) -> None:
    started = dana.post("/documents/attachments/uploads", facts(PNG, "photo.png", "image/png")).json_body
    post_file(started["form"], PNG)
    key = UploadItem.get(upload_key(started["upload_id"]), "UPLOAD").s3_key
    assert sweep(FixedClock(datetime.now(UTC) + timedelta(hours=23)))["uploads_abandoned"] == 0
    assert sweep(FixedClock(datetime.now(UTC) + timedelta(hours=25)))["uploads_abandoned"] == 1
    assert s3_versions(key) == 0
    assert dana.post(f"/documents/uploads/{started['upload_id']}/confirm").status_code == 404


def test_an_attachment_is_its_uploaders_own(dana: Visitor, lea: Visitor) -> None:
    started = dana.post(
        "/documents/attachments/uploads", facts(PNG, "../../etc/pass\u0000wd.png", "image/png")
    ).json_body
    post_file(started["form"], PNG)
    attachment = dana.post(f"/documents/uploads/{started['upload_id']}/confirm").json_body["attachment"]
    assert attachment["file_name"] == "passwd.png"  # no path, no control characters
    link = dana.get(f"/documents/attachments/{attachment['attachment_id']}/download").json_body
    assert fetch(link).content == PNG
    assert lea.get(f"/documents/attachments/{attachment['attachment_id']}/download").status_code == 404
