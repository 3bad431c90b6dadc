"""The portal the business configures: actions on and off (a 404, not only a hidden link),
branding checked for contrast, reminder timings the schedule follows."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests

from functions.core import parts
from functions.core.clock import FixedClock
from functions.notifications.reminders import send_reminders
from tests.functional.test_documents import PDF, PNG, facts, post_file, s3_versions
from tests.functional.test_payments import issue
from tests.functional.visitor import Visitor


def _change(operator: Visitor, **parts: Any) -> Any:
    version = operator.get("/portal/operator/portal/settings").json_body["version"]
    return operator.patch("/portal/operator/portal/settings", {"version": version, **parts})


ALL_ON = dict.fromkeys(("orders", "payments", "documents", "bookings", "tickets", "inbox", "chat", "help"), True)


def test_a_part_turned_off_is_a_404_for_customers_and_stays_the_operators(
    dana: Visitor, operator: Visitor, people: dict[str, str], visitor: Visitor
) -> None:
    invoice = issue(operator, people["demo"], 1200)
    assert dana.get("/payments/invoices").status_code == 200

    turned = _change(operator, actions=ALL_ON | {"payments": False, "chat": False})

    assert turned.status_code == 200, turned.json_body
    for path in (
        "/payments/invoices",
        f"/payments/invoices/{invoice['invoice_id']}",
        "/payments",
        "/payments/account",
        "/payments/statement",
    ):
        reply = dana.get(path)
        assert reply.status_code == 404, path
        assert reply.json_body["error"]["message"] == "This part of the portal is turned off."
    assert dana.post("/tickets/chats").status_code == 404
    assert dana.get("/orders").status_code == 200  # the others stay on
    assert operator.get(f"/payments/operator/customers/{people['demo']}/invoices").status_code == 200
    assert visitor.get("/portal").json_body["actions"] == ALL_ON | {"payments": False, "chat": False}
    dashboard = dana.get("/notifications/dashboard")
    assert dashboard.status_code == 200  # the page leaves out what is off

    _change(operator, actions=ALL_ON)
    assert dana.get("/payments/invoices").status_code == 200


def test_with_documents_off_a_ticket_still_takes_attachments(dana: Visitor, operator: Visitor) -> None:
    """Attachments ride the documents path, but they belong to the support parts: switching
    documents off hides the documents pages, not the files a ticket carries."""
    assert _change(operator, actions=ALL_ON | {"documents": False}).status_code == 200

    started = dana.post("/documents/attachments/uploads", facts(PNG, "photo.png", "image/png"))
    assert started.status_code == 201, started.json_body
    post_file(started.json_body["form"], PNG)
    confirmed = dana.post(f"/documents/uploads/{started.json_body['upload_id']}/confirm")
    attachment_id = confirmed.json_body["attachment"]["attachment_id"]

    assert confirmed.status_code == 200
    assert dana.get(f"/documents/attachments/{attachment_id}/download").status_code == 200
    assert dana.get("/documents").status_code == 404
    assert dana.get("/documents/document-requests").status_code == 404
    _change(operator, actions=ALL_ON)


def test_a_colour_failing_contrast_is_refused_and_changes_nothing(operator: Visitor, visitor: Visitor) -> None:
    before = operator.get("/portal/operator/portal/settings").json_body
    brand = {"business_name": "Kahvila Aurora", "primary_colour": "#FFCC00", "default_language": "fi"}

    refused = _change(operator, branding=brand)

    assert refused.status_code == 400
    assert "contrast of 1.5:1 against white" in refused.json_body["error"]["message"]
    assert refused.json_body["error"]["code"] == "colour_contrast_too_low"
    # The ratio and the least allowed, one decimal each (rounded down: never "4.5" beside "at least 4.5").
    assert refused.json_body["error"]["values"] == {"colour": "#ffcc00", "ratio": "1.5", "minimum": "4.5"}
    assert [(d["field"], d["reason"]) for d in refused.json_body["error"]["details"]] == [
        ("branding.primary_colour", "too_little_contrast")
    ]
    assert operator.get("/portal/operator/portal/settings").json_body == before
    saved = _change(
        operator,
        branding=brand
        | {"primary_colour": "#7A3E00", "support_email": "Hei@Aurora.fi", "support_phone": "+358 40 123 4567"},
    )
    assert saved.status_code == 200, saved.json_body
    public = visitor.get("/portal").json_body
    assert public == {
        "logo_url": None,
        "business_name": "Kahvila Aurora",
        "primary_colour": "#7a3e00",
        "support_email": "hei@aurora.fi",
        "support_phone": "+358401234567",
        "default_language": "fi",
        "actions": ALL_ON,
        "help_public": True,
    }


def test_a_colour_just_short_of_the_contrast_says_its_ratio_rounded_down(operator: Visitor) -> None:
    brand = {"business_name": "Kahvila Aurora", "primary_colour": "#777777", "default_language": "fi"}  # 4.48:1

    refused = _change(operator, branding=brand)

    assert refused.status_code == 400
    assert refused.json_body["error"]["values"] == {"colour": "#777777", "ratio": "4.4", "minimum": "4.5"}
    assert "contrast of 4.4:1 against white" in refused.json_body["error"]["message"]


def test_settings_are_the_operators_and_change_only_from_the_version_read(operator: Visitor, dana: Visitor) -> None:
    read = operator.get("/portal/operator/portal/settings").json_body
    first = operator.patch("/portal/operator/portal/settings", {"version": read["version"], "actions": ALL_ON})
    stale = operator.patch("/portal/operator/portal/settings", {"version": read["version"], "actions": ALL_ON})

    assert first.status_code == 200
    assert first.json_body["version"] == read["version"] + 1
    assert stale.status_code == 409
    assert dana.get("/portal/operator/portal/settings").status_code == 403
    assert dana.patch("/portal/operator/portal/settings", {"version": 1, "actions": ALL_ON}).status_code == 403
    assert operator.patch("/portal/operator/portal/settings", {"version": 1}).status_code == 400  # nothing to change
    too_many_days = operator.patch(
        "/portal/operator/portal/settings",
        {"version": 1, "reminders": {"due_soon_days": 3, "overdue_days": [1, 2, 3, 4]}},
    )
    assert too_many_days.status_code == 400
    assert operator.patch("/portal/operator/portal/settings", {"version": 1, "actions": {"chat": 0}}).status_code == 400
    tidied = operator.patch(
        "/portal/operator/portal/settings", {"version": 1, "reminders": {"due_soon_days": 3, "overdue_days": [7, 1, 7]}}
    )
    assert tidied.json_body["reminders"]["overdue_days"] == [1, 7]


def test_whether_invited_contacts_wait_for_approval_is_the_businesss_to_set(operator: Visitor, dana: Visitor) -> None:
    # Given a portal whose settings were never saved: admins' invitations need no approval
    assert operator.get("/portal/operator/portal/settings").json_body["invites_need_approval"] is False
    assert parts.invites_need_approval() is False

    # When the business turns approval on, and the setting alone is a change
    turned_on = _change(operator, invites_need_approval=True)

    # Then the customers domain reads it at once, and saving the other settings keeps it
    assert turned_on.status_code == 200, turned_on.json_body
    assert turned_on.json_body["invites_need_approval"] is True
    assert parts.invites_need_approval() is True
    assert _change(operator, actions=ALL_ON).json_body["invites_need_approval"] is True
    assert parts.invites_need_approval() is True
    assert _change(operator, invites_need_approval=None).status_code == 400  # null is not "leave it"
    assert (
        dana.patch("/portal/operator/portal/settings", {"version": 9, "invites_need_approval": False}).status_code
        == 403
    )

    assert _change(operator, invites_need_approval=False).json_body["invites_need_approval"] is False
    assert parts.invites_need_approval() is False


def test_the_reminder_schedule_follows_the_days_the_business_set(operator: Visitor, people: dict[str, str]) -> None:
    today = date(2026, 11, 24)
    clock = FixedClock(datetime(2026, 11, 24, 7, tzinfo=UTC))
    issue(operator, people["demo"], 1000, due_date=(today + timedelta(days=5)).isoformat())
    issue(operator, people["demo"], 1000, due_date=(today - timedelta(days=3)).isoformat())
    default = send_reminders(clock)
    assert (default.due_soon, default.overdue) == (0, 1)  # 5 days ahead is not "soon" by default

    _change(operator, reminders={"due_soon_days": 5, "overdue_days": [3, 10]})
    changed = send_reminders(clock)

    # due in 5 days is soon now; 3 days late reached the new first stage (a different one)
    assert (changed.due_soon, changed.overdue) == (1, 1)


def _upload_logo(operator: Visitor, body: bytes, content_type: str = "image/png") -> Any:
    started = operator.post("/portal/operator/portal/logo/uploads", facts(body, "logo.png", content_type))
    assert started.status_code == 201, started.json_body
    assert post_file(started.json_body["form"], body).status_code == 204
    return operator.post(f"/portal/operator/portal/logo/uploads/{started.json_body['upload_id']}/confirm"), started


def test_the_logo_goes_through_the_documents_upload_and_replaces_the_last_one(
    operator: Visitor, visitor: Visitor, dana: Visitor
) -> None:
    assert visitor.get("/portal/logo").status_code == 404
    assert (
        operator.post("/portal/operator/portal/logo/uploads", facts(b"<svg/>", "logo.svg", "image/svg+xml")).status_code
        == 400
    )
    too_big = facts(PNG, "logo.png", "image/png") | {"size": 2 * 1024 * 1024}
    assert operator.post("/portal/operator/portal/logo/uploads", too_big).status_code == 400
    assert dana.post("/portal/operator/portal/logo/uploads", facts(PNG, "logo.png", "image/png")).status_code == 403

    first, first_started = _upload_logo(operator, PNG)
    version_before = operator.get("/portal/operator/portal/settings").json_body["version"]
    _change(operator, actions=ALL_ON)  # saving the other settings keeps the logo
    second, _ = _upload_logo(operator, PNG + b"second")
    pretending, _ = _upload_logo(operator, PDF)  # a PDF announced as PNG

    assert first.status_code == 200, first.json_body
    assert second.status_code == 200
    assert pretending.status_code == 415
    assert visitor.get("/portal").json_body["logo_url"].startswith("/api/portal/logo?v=")
    shown = visitor.get("/portal/logo")
    assert shown.status_code == 302
    assert requests.get(shown.headers["Location"], timeout=10).content == PNG + b"second"
    assert operator.get("/portal/operator/portal/settings").json_body["version"] == version_before + 1
    assert first_started.json_body["upload_id"] != second.json_body["upload_id"]
    assert s3_versions("customers/PORTAL/logo/") == 1  # the first logo's object is gone, every version of it
