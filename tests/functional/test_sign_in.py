"""Sign-in with a one-time code through the API, the local gateway and moto's Cognito."""

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, NoReturn

import pytest
from botocore.exceptions import ClientError

from functions.auth import limits
from functions.auth import service as auth_service
from functions.auth.models import SignInCodeItem
from functions.auth.reply_time import FixedReplyTime
from functions.auth.triggers import CODE, code_key
from functions.core.secrets import signin_code_pepper
from functions.core.tokens import seal_key
from local.outbox import Outbox
from tests.functional.visitor import Visitor, latest_code, messages_since

# These tests spend an hour's allowance and expect it spent (conftest.one_hour_window).
pytestmark = pytest.mark.usefixtures("one_hour_window")

CLIENT_ADDRESS = "127.0.0.1"  # chalice.test.Client's caller


def _age_code(principal_id: str, *, sent_seconds_ago: float = 0, expired: bool = False) -> None:
    """Stand later in time for this person's live code (if they have one)."""
    try:
        item = SignInCodeItem.get(code_key(principal_id), CODE, consistent_read=True)
    except SignInCodeItem.DoesNotExist:
        return
    now = time.time()
    actions = [SignInCodeItem.last_sent_at.set(now - sent_seconds_ago)]
    if expired:
        actions.append(SignInCodeItem.expires_at.set(int(now) - 1))
    item.update(actions=actions)


def test_a_customer_with_a_mobile_gets_the_code_by_text_and_signs_in(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    before = len(outbox.messages())

    started = visitor.start("demo@example.com")
    sent = messages_since(outbox, before)
    verified = visitor.post("/auth/verify", {"code": latest_code(outbox, before)})
    session = visitor.get("/auth/session").json_body

    assert started.status_code == 202
    assert [(m.channel, m.to) for m in sent] == [("sms", "+15555550100")]
    assert verified.status_code == 200
    assert session["signed_in"] is True
    assert session["person"]["email"] == "demo@example.com"
    assert session["person"]["kind"] == "customer"
    new_sign_in = messages_since(outbox, before)[-1]
    assert (new_sign_in.channel, new_sign_in.to) == ("email", "demo@example.com")
    assert "New sign-in" in new_sign_in.subject


def test_sign_in_by_mobile_number_works_too(visitor: Visitor, people: dict[str, str], outbox: Outbox) -> None:
    visitor.sign_in("+1 555 555 0100", outbox)

    assert visitor.get("/customers/profile").json_body["email"] == "demo@example.com"


def test_a_customer_without_a_mobile_gets_the_code_by_email_in_their_language(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    before = len(outbox.messages())

    visitor.start("LEA@example.com")

    (sent,) = messages_since(outbox, before)
    assert (sent.channel, sent.to) == ("email", "lea@example.com")
    assert sent.subject.startswith("Votre code de connexion Test Traders")


def test_the_session_cookie_is_httponly_strict_and_the_page_sees_no_token(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.get("/auth/session")
    visitor.start("lea@example.com")
    reply = visitor.post("/auth/verify", {"code": latest_code(outbox)})

    headers = reply.headers["Set-Cookie"]
    access = next(h for h in headers if h.startswith("portal_access="))
    csrf = next(h for h in headers if h.startswith("csrf_token="))
    assert "HttpOnly" in access
    assert "SameSite=Strict" in access
    assert "HttpOnly" not in csrf
    assert "token" not in reply.body.decode().lower()


def test_a_wrong_code_is_refused_and_the_right_one_still_works(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.start("lea@example.com")
    code = latest_code(outbox)
    wrong = "000000" if code != "000000" else "111111"

    refused = visitor.post("/auth/verify", {"code": wrong})
    accepted = visitor.post("/auth/verify", {"code": code})

    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "code_not_accepted"
    assert accepted.status_code == 200


def test_five_wrong_answers_burn_the_code(visitor: Visitor, people: dict[str, str], outbox: Outbox) -> None:
    visitor.start("lea@example.com")
    code = latest_code(outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):  # Cognito ends a sign-in session after three wrong answers
        visitor.post("/auth/verify", {"code": wrong})
    sends_before = len(outbox.messages())
    visitor.start("lea@example.com")  # the live code is reused: nothing new is sent
    for _ in range(2):
        visitor.post("/auth/verify", {"code": wrong})

    burned = visitor.post("/auth/verify", {"code": code})

    assert len(outbox.messages()) == sends_before
    assert burned.status_code == 403
    assert visitor.get("/auth/session").json_body["signed_in"] is False


def test_an_expired_code_is_refused(visitor: Visitor, people: dict[str, str], outbox: Outbox) -> None:
    visitor.start("lea@example.com")
    code = latest_code(outbox)
    _age_code(people["lea"], expired=True)

    reply = visitor.post("/auth/verify", {"code": code})

    assert reply.status_code == 403


def test_a_used_sign_in_cannot_be_replayed(
    client: object, visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.start("lea@example.com")
    code = latest_code(outbox)
    attempt_cookie = visitor.cookies["portal_signin"]
    visitor.post("/auth/verify", {"code": code})
    thief = Visitor(client)  # type: ignore[arg-type]
    thief.get("/auth/session")
    thief.cookies["portal_signin"] = attempt_cookie

    replayed = thief.post("/auth/verify", {"code": code})

    assert replayed.status_code == 403
    assert thief.get("/auth/session").json_body["signed_in"] is False


def test_resend_within_a_minute_keeps_the_live_code_and_sends_nothing(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.start("lea@example.com")
    first = latest_code(outbox)
    count = len(outbox.messages())

    reply = visitor.post("/auth/resend")

    assert reply.status_code == 202
    assert len(outbox.messages()) == count
    assert visitor.post("/auth/verify", {"code": first}).status_code == 200


def test_resend_after_a_minute_sends_a_new_code_and_the_old_one_dies(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.start("lea@example.com")
    first = latest_code(outbox)
    _age_code(people["lea"], sent_seconds_ago=61)

    visitor.post("/auth/resend")
    second = latest_code(outbox)

    if first != second:  # one time in a million they are equal
        assert visitor.post("/auth/verify", {"code": first}).status_code == 403
    assert visitor.post("/auth/verify", {"code": second}).status_code == 200


@pytest.mark.parametrize(
    ("identifier", "principal", "most"), [("lea@example.com", "lea", 5), ("demo@example.com", "demo", 3)]
)
def test_sends_are_limited_per_hour(
    visitor: Visitor, people: dict[str, str], outbox: Outbox, identifier: str, principal: str, most: int
) -> None:
    before = len(outbox.messages())
    visitor.start(identifier)
    for _ in range(7):
        _age_code(people[principal], sent_seconds_ago=61)
        visitor.post("/auth/resend")

    assert len(messages_since(outbox, before)) == most  # 5 an hour per person; 3 an hour to one phone number


def test_unknown_deactivated_and_known_identities_get_the_same_reply(
    visitor: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    operator.post(f"/customers/operator/customers/{people['lea']}/deactivate")
    before = len(outbox.messages())

    known = visitor.start("demo@example.com")
    sent_to_known = len(messages_since(outbox, before))
    unknown = visitor.start("nobody@example.com")
    deactivated = visitor.start("lea@example.com")
    not_an_address = visitor.start("not an address")

    assert sent_to_known == 1
    assert len(messages_since(outbox, before)) == 1  # nothing for the unknown or deactivated
    for reply in (unknown, deactivated, not_an_address):
        assert reply.status_code == known.status_code == 202
        assert reply.json_body == known.json_body
        assert set(visitor.cookies) >= {"portal_signin"}
    assert "we have sent" in known.json_body["message"]


def test_every_start_takes_the_fixed_reply_time(visitor: Visitor, people: dict[str, str]) -> None:
    visitor.get("/auth/session")
    durations = []
    for identifier in ("demo@example.com", "nobody@example.com"):
        began = time.monotonic()
        visitor.start(identifier)
        durations.append(time.monotonic() - began)

    assert min(durations) >= 0.05  # SIGNIN_REPLY_SECONDS in these tests; bench/ measures the spread


@pytest.fixture
def use_sign_in(portal: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Hand the sign-in service other collaborators (a clock, a reply timer) than its factory's."""

    def use(**collaborators: Any) -> None:
        chosen = replace(auth_service.services(), **collaborators)
        monkeypatch.setattr(auth_service, "services", lambda: chosen)

    return use


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def _refused_codes(visitor: Visitor, people: dict[str, str], outbox: Outbox) -> dict[str, Callable[[], str]]:
    """The four ways a code is refused, each as the sign-in before it: it returns the code to send."""

    def known_wrong_code() -> str:
        visitor.start("lea@example.com")
        return _wrong(latest_code(outbox))

    def unknown_identity() -> str:
        visitor.start("nobody@example.com")
        return "123456"

    def expired_code() -> str:
        visitor.start("lea@example.com")
        _age_code(people["lea"], expired=True)
        return latest_code(outbox)

    def throttled() -> str:
        now = time.time()
        while limits.allow(limits.verifies_from(CLIENT_ADDRESS), now):  # use up the address's hour
            pass
        return "123456"

    return {
        "known identity, wrong code": known_wrong_code,
        "unknown identity": unknown_identity,
        "expired code": expired_code,
        "throttled": throttled,
    }


def test_every_refused_code_takes_at_least_the_fixed_reply_time(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.get("/auth/session")
    durations = {}
    for case, prepare in _refused_codes(visitor, people, outbox).items():
        code = prepare()
        began = time.monotonic()
        reply = visitor.post("/auth/verify", {"code": code})
        durations[case] = time.monotonic() - began
        assert reply.status_code in (403, 429), case

    # 0.05 s is SIGNIN_REPLY_SECONDS in these tests: a lower bound the padding guarantees.
    assert {case: took >= 0.05 for case, took in durations.items()} == dict.fromkeys(durations, True)


class _StandingTime:
    """A monotonic clock that moves only when slept, so each reply shows the deadline it waited for."""

    def __init__(self) -> None:
        self.at = 1000.0

    def monotonic(self) -> float:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.at += seconds


def test_every_refused_code_waits_until_the_same_deadline(
    visitor: Visitor, people: dict[str, str], outbox: Outbox, use_sign_in: Callable[..., None]
) -> None:
    timer = _StandingTime()
    use_sign_in(reply_time=FixedReplyTime(0.8, timer.monotonic, timer.sleep))
    visitor.get("/auth/session")
    waited = {}
    for case, prepare in _refused_codes(visitor, people, outbox).items():
        code = prepare()
        began = timer.at
        reply = visitor.post("/auth/verify", {"code": code})
        waited[case] = round(timer.at - began, 6)
        assert reply.status_code in (403, 429), case

    assert waited == dict.fromkeys(waited, 0.8)


def test_sign_out_everywhere_else_then_here_ends_every_session_and_a_new_sign_in_still_works(
    client: Any, people: dict[str, str], outbox: Outbox
) -> None:
    phone, laptop, tablet = Visitor(client), Visitor(client), Visitor(client)
    phone.sign_in("lea@example.com", outbox)
    laptop.sign_in("lea@example.com", outbox)

    phone.post("/auth/sessions/sign-out-others")
    phone.post("/auth/logout")
    tablet.sign_in("lea@example.com", outbox)  # a fresh sign-in right after still works

    assert laptop.get("/customers/profile").status_code == 401
    assert phone.get("/customers/profile").status_code == 401
    assert tablet.get("/customers/profile").status_code == 200


def test_a_seal_from_before_sessions_is_refused(
    client: Any, people: dict[str, str], outbox: Outbox, settings_env: dict[str, str]
) -> None:
    """Seals made before they named their session (principal.generation.mac) end at the upgrade:
    such a session could not be listed or revoked on its own (docs/sign-in.md)."""
    laptop = Visitor(client)
    laptop.sign_in("lea@example.com", outbox)
    principal, generation, _session, _mac = laptop.cookies["portal_session"].split(".")
    key = seal_key(signin_code_pepper())
    body = f"{principal}.{generation}"
    mac = base64.urlsafe_b64encode(hmac.new(key, body.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    old_seal, no_seal = Visitor(client), Visitor(client)
    old_seal.cookies = {**laptop.cookies, "portal_session": f"{body}.{mac}"}
    no_seal.cookies = {name: value for name, value in laptop.cookies.items() if name != "portal_session"}

    assert laptop.get("/customers/profile").status_code == 200  # the control: its own seal
    assert old_seal.get("/customers/profile").status_code == 401  # refused, and not renewed either
    assert no_seal.get("/customers/profile").status_code == 401


class _CognitoThrottles:
    """Cognito refusing for a real person only (an unknown one never reaches it): TooManyRequests."""

    def _refuse(self, operation: str) -> NoReturn:
        raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, operation)

    def start(self, username: str) -> str | None:
        self._refuse("AdminInitiateAuth")

    def answer(self, username: str, session: str, code: str) -> Any:
        self._refuse("AdminRespondToAuthChallenge")


def test_a_failure_behind_a_real_person_waits_as_long_as_a_refusal(
    visitor: Visitor, people: dict[str, str], outbox: Outbox, use_sign_in: Callable[..., None]
) -> None:
    timer = _StandingTime()
    use_sign_in(reply_time=FixedReplyTime(0.8, timer.monotonic, timer.sleep))
    visitor.get("/auth/session")
    visitor.start("lea@example.com")  # a real attempt, with Cognito's session
    code = latest_code(outbox)
    use_sign_in(reply_time=FixedReplyTime(0.8, timer.monotonic, timer.sleep), gateway=_CognitoThrottles())
    waited = {}
    for step, call in {
        "start": lambda: visitor.start("lea@example.com"),
        "verify": lambda: visitor.post("/auth/verify", {"code": code}),
    }.items():
        began = timer.at
        reply = call()
        waited[step] = round(timer.at - began, 6)
        assert reply.status_code == 500, step
    assert waited == {"start": 0.8, "verify": 0.8}
