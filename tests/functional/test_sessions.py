"""A person's sessions: one a sign-in, listed, revoked one by one or all but this one, remembered
for 30 days on a device marked as theirs, and a notice only for a device not seen before."""

import json
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from functions.auth import service as auth_service
from functions.core.audit import AuditEntry, account_log_key
from functions.core.clock import FixedClock
from local.outbox import Outbox
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.test_call_counts import PRINCIPAL_CHECK
from tests.functional.test_viewer_address import edge_key
from tests.functional.visitor import Visitor, latest_code, messages_since

DAY = 86400
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def use_sign_in(portal: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Hand the sign-in service other collaborators (a clock) than its factory's."""

    def use(**collaborators: Any) -> None:
        chosen = replace(auth_service.services(), **collaborators)
        monkeypatch.setattr(auth_service, "services", lambda: chosen)

    return use


def _sign_in(
    visitor: Visitor,
    outbox: Outbox,
    identifier: str = "lea@example.com",
    *,
    headers: dict[str, str] | None = None,
    **body: Any,
) -> Any:
    before = len(outbox.messages())
    visitor.start(identifier)
    reply = visitor.call(
        "POST",
        "/auth/verify",
        {"code": latest_code(outbox, before), **body},
        headers={"User-Agent": FIREFOX, **(headers or {})},
    )
    assert reply.status_code == 200, reply.json_body
    return reply


def _sessions(visitor: Visitor) -> list[dict[str, Any]]:
    reply = visitor.get("/auth/sessions")
    assert reply.status_code == 200, reply.json_body
    return list(reply.json_body["items"])


def _current(visitor: Visitor) -> str:
    return next(s["session_id"] for s in _sessions(visitor) if s["current"])


def _max_age(reply: Any, name: str) -> int:
    header = next(h for h in reply.headers["Set-Cookie"] if h.startswith(f"{name}="))
    return int(header.split("Max-Age=")[1].split(";")[0])


def test_each_sign_in_is_a_session_listed_newest_first_with_this_one_marked(
    client: Any, people: dict[str, str], outbox: Outbox
) -> None:
    phone, laptop = Visitor(client), Visitor(client)
    _sign_in(phone, outbox)
    _sign_in(laptop, outbox, remember=True)

    listed = _sessions(laptop)

    assert [s["current"] for s in listed] == [True, False]
    assert [s["remembered"] for s in listed] == [True, False]
    assert listed[0]["device"] == "Firefox 128 on Linux"
    assert (listed[0]["country"], listed[0]["city"]) == (None, None)  # no CloudFront here
    assert listed[0]["address"] == "127.0.0.1"
    assert [s["session_id"] for s in _sessions(phone)] == [s["session_id"] for s in listed]


def test_a_sign_in_through_cloudfront_is_placed_where_it_says_and_one_around_it_nowhere(
    client: Any, people: dict[str, str], outbox: Outbox, aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    # Given CloudFront's viewer headers, as its origin request policy forwards them (a city not in
    # ASCII comes percent-encoded), and the edge origin key it adds to every request of an API
    viewer = {
        "CloudFront-Viewer-Address": "203.0.113.7:46532",
        "CloudFront-Viewer-Country": "FI",
        "CloudFront-Viewer-City": "Jyv%C3%A4skyl%C3%A4",
    }
    through, around = Visitor(client), Visitor(client)

    # When one browser signs in through CloudFront, and another sends the same headers straight to
    # API Gateway, without the key
    _sign_in(through, outbox, headers={**viewer, "X-Portal-Edge": edge_key(aws, stack_outputs)})
    _sign_in(around, outbox, headers=viewer)

    # Then the sessions list places the first where CloudFront said, and the second nowhere
    listed = {s["session_id"]: s for s in _sessions(through)}
    placed, unplaced = listed[_current(through)], listed[_current(around)]
    assert (placed["country"], placed["city"], placed["address"]) == ("FI", "Jyväskylä", "203.0.113.7")
    assert (unplaced["country"], unplaced["city"], unplaced["address"]) == (None, None, "127.0.0.1")


def test_revoking_a_session_ends_it_on_its_next_request_and_not_the_others(
    client: Any, people: dict[str, str], outbox: Outbox
) -> None:
    phone, laptop = Visitor(client), Visitor(client)
    _sign_in(phone, outbox)
    _sign_in(laptop, outbox)
    phone_session = _current(phone)

    revoked = laptop.call("DELETE", f"/auth/sessions/{phone_session}")

    assert revoked.status_code == 204
    assert phone.get("/customers/profile").status_code == 401
    assert phone.post("/auth/refresh").status_code == 401  # its refresh token renews nothing either
    assert laptop.get("/customers/profile").status_code == 200
    assert [s["session_id"] for s in _sessions(laptop)] == [_current(laptop)]
    assert laptop.call("DELETE", f"/auth/sessions/{phone_session}").status_code == 404  # ended already


def test_revoking_this_session_signs_out_here(client: Any, people: dict[str, str], outbox: Outbox) -> None:
    laptop = Visitor(client)
    _sign_in(laptop, outbox)

    reply = laptop.call("DELETE", f"/auth/sessions/{_current(laptop)}")

    assert reply.status_code == 204
    assert "portal_session" not in laptop.cookies
    assert laptop.get("/auth/session").json_body["signed_in"] is False


def test_sign_out_everywhere_else_leaves_only_this_session(client: Any, people: dict[str, str], outbox: Outbox) -> None:
    phone, tablet, laptop = Visitor(client), Visitor(client), Visitor(client)
    for device in (phone, tablet, laptop):
        _sign_in(device, outbox)

    reply = laptop.post("/auth/sessions/sign-out-others")

    assert reply.json_body == {"ended": 2}
    assert phone.get("/customers/profile").status_code == 401
    assert tablet.get("/customers/profile").status_code == 401
    assert laptop.get("/customers/profile").status_code == 200
    assert [s["current"] for s in _sessions(laptop)] == [True]
    assert laptop.post("/auth/sessions/sign-out-others").json_body == {"ended": 0}


def test_logout_ends_this_session_only(client: Any, people: dict[str, str], outbox: Outbox) -> None:
    phone, laptop = Visitor(client), Visitor(client)
    _sign_in(phone, outbox)
    _sign_in(laptop, outbox)
    old_cookies = dict(laptop.cookies)

    assert laptop.post("/auth/logout").status_code == 204

    assert "portal_access" not in laptop.cookies
    replay = Visitor(client)
    replay.cookies = old_cookies  # the cookies kept from before the sign-out
    assert replay.get("/customers/profile").status_code == 401
    assert phone.get("/customers/profile").status_code == 200
    assert len(_sessions(phone)) == 1


def test_another_persons_session_is_not_found(client: Any, people: dict[str, str], outbox: Outbox) -> None:
    lea, dana = Visitor(client), Visitor(client)
    _sign_in(lea, outbox)
    _sign_in(dana, outbox, "demo@example.com")
    danas = _current(dana)

    assert lea.call("DELETE", f"/auth/sessions/{danas}").status_code == 404
    assert lea.call("DELETE", "/auth/sessions/not-a-session").status_code == 404
    assert dana.get("/customers/profile").status_code == 200


def _notices(outbox: Outbox, since: int) -> list[Any]:
    return [m for m in messages_since(outbox, since) if m.channel == "email" and "New sign-in" in m.subject]


def test_a_new_device_gets_a_notice_with_the_sessions_link_and_a_known_one_none(
    client: Any, people: dict[str, str], outbox: Outbox, settings_env: dict[str, str]
) -> None:
    laptop, phone = Visitor(client), Visitor(client)
    before = len(outbox.messages())
    _sign_in(laptop, outbox, "demo@example.com")  # Dana: her code comes by text, the notice by e-mail
    first = _notices(outbox, before)
    laptop.post("/auth/logout")
    before = len(outbox.messages())
    _sign_in(laptop, outbox, "demo@example.com")  # the same browser: its device cookie is known
    second = _notices(outbox, before)
    before = len(outbox.messages())
    _sign_in(phone, outbox, "demo@example.com")
    third = _notices(outbox, before)

    assert len(first) == 1
    assert second == []
    assert len(third) == 1
    assert "/sessions" in third[0].body
    assert "Firefox 128 on Linux" in third[0].body
    assert "portal_device" in laptop.cookies


def test_a_remembered_session_has_30_day_cookies_and_an_unremembered_one_ends_after_12_hours(
    client: Any, people: dict[str, str], outbox: Outbox, use_sign_in: Callable[..., None]
) -> None:
    # Both sign in 13 hours ago (the sign-in's clock); their requests come now.
    use_sign_in(clock=FixedClock(datetime.fromtimestamp(time.time() - 13 * 3600, UTC)))
    kept, forgotten = Visitor(client), Visitor(client)
    remembered = _sign_in(kept, outbox, remember=True)
    not_remembered = _sign_in(forgotten, outbox)
    use_sign_in(clock=FixedClock(datetime.now(UTC)))

    assert _max_age(remembered, "portal_refresh") == _max_age(remembered, "portal_session") == 30 * DAY
    assert _max_age(not_remembered, "portal_session") == 12 * 3600
    assert kept.get("/customers/profile").status_code == 200
    assert forgotten.get("/customers/profile").status_code == 401  # the cookies are there; the server says no
    assert forgotten.post("/auth/refresh").status_code == 401


def test_a_refresh_keeps_the_session_and_its_cookies_last_only_as_long_as_it(
    client: Any, people: dict[str, str], outbox: Outbox
) -> None:
    laptop = Visitor(client)
    _sign_in(laptop, outbox, remember=True)
    session_id = _current(laptop)
    del laptop.cookies["portal_access"]  # as when it has run out: the refresh token renews it

    renewed = laptop.send("POST", "/auth/refresh")

    assert renewed.status_code == 200
    assert 30 * DAY - 60 <= _max_age(renewed, "portal_access") <= 30 * DAY
    assert _current(laptop) == session_id


def test_a_confirmation_code_renews_the_session_rather_than_adding_one(
    client: Any, people: dict[str, str], outbox: Outbox
) -> None:
    laptop = Visitor(client)
    _sign_in(laptop, outbox)
    session_id = _current(laptop)
    before = len(outbox.messages())

    laptop.post("/auth/confirm")
    assert laptop.post("/auth/verify", {"code": latest_code(outbox, before)}).status_code == 200

    assert [s["session_id"] for s in _sessions(laptop)] == [session_id]


def test_the_check_of_every_request_costs_what_it_did(
    client: Any, people: dict[str, str], outbox: Outbox, dynamodb_calls: DynamoDBCalls
) -> None:
    laptop = Visitor(client)
    _sign_in(laptop, outbox)
    for _ in range(3):  # other sessions of hers, listed on the record the check reads anyway
        _sign_in(Visitor(client), outbox)

    check, *page = dynamodb_calls.of_page(laptop, "/customers/profile")

    assert [check] == PRINCIPAL_CHECK
    assert len(page) <= 1, page


def _audit(account_id: str, action: str) -> list[AuditEntry]:
    return [entry for entry in AuditEntry.query(account_log_key(account_id)) if entry.action == action]


def test_sign_ins_sign_outs_and_revocations_are_on_the_accounts_audit_log(
    client: Any, people: dict[str, str], outbox: Outbox
) -> None:
    phone, laptop = Visitor(client), Visitor(client)
    _sign_in(phone, outbox)
    _sign_in(laptop, outbox, remember=True)
    account_ids = [a["account_id"] for a in laptop.get("/auth/session").json_body["person"]["accounts"]]
    laptop_session, phone_session = _current(laptop), _current(phone)
    tablet = Visitor(client)
    _sign_in(tablet, outbox)

    laptop.call("DELETE", f"/auth/sessions/{phone_session}")
    laptop.post("/auth/sessions/sign-out-others")
    laptop.post("/auth/logout")

    for account_id in account_ids:
        signed_in = {entry.target_id: entry for entry in _audit(account_id, "sign_in")}
        assert json.loads(signed_in[laptop_session].details) == {"remembered": True, "new_device": True}
        assert signed_in[laptop_session].session_id == laptop_session
        assert signed_in[laptop_session].device == "Firefox 128 on Linux"
        (revoked,) = _audit(account_id, "session_revoked")
        assert (revoked.target_kind, revoked.target_id, revoked.session_id) == (
            "session",
            phone_session,
            laptop_session,
        )
        (elsewhere,) = _audit(account_id, "signed_out_elsewhere")
        assert json.loads(elsewhere.details) == {"sessions": 1}
        (signed_out,) = _audit(account_id, "signed_out")
        assert signed_out.target_id == laptop_session
