"""Which address the sign-in limits count: behind CloudFront the viewer's, as CloudFront names it
(CloudFront-Viewer-Address beside the edge origin key in X-Portal-Edge); for a caller who goes
around CloudFront to API Gateway, the source IP, whatever viewer address it claims.

A start from an address whose hour is used up sends no code (the reply is the same 202), so
the codes sent show which address each start was counted under.
"""

import time
from collections.abc import Callable

import boto3
import pytest
from chalice.local import LambdaEventConverter

from functions.auth import limits
from functions.core.settings import get_settings
from local.outbox import Outbox
from tests.functional.conftest import CallRecorder
from tests.functional.visitor import Visitor, messages_since

# These tests spend an hour's allowance and expect it spent (conftest.one_hour_window).
pytestmark = pytest.mark.usefixtures("one_hour_window")

VIEWER = "203.0.113.7"
OTHER_VIEWER = "2001:db8::1"
EDGE_SERVER = "127.0.0.1"  # the source IP chalice.test.Client's requests come from
OTHER_EDGE_SERVER = "64.252.64.10"


def edge_key(aws: boto3.session.Session, outputs: dict[str, str]) -> str:
    """The edge origin key, as CloudFront has it from the stack (read outside any function)."""
    secret = aws.client("secretsmanager").get_secret_value(SecretId=outputs["EdgeOriginKeyArn"])
    return str(secret["SecretString"])


@pytest.fixture
def key(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> str:
    return edge_key(aws, stack_outputs)


@pytest.fixture
def from_edge_server(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Have the next requests reach API Gateway from this address (chalice's stand-in for its
    identity.sourceIp; each CloudFront edge server has its own)."""

    def use(address: str) -> None:
        monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", address)

    return use


@pytest.fixture
def start_from(visitor: Visitor, outbox: Outbox) -> Callable[..., int]:
    """Start a sign-in with these headers; how many codes it sent (0 when its address was throttled)."""

    def start(identifier: str, **headers: str) -> int:
        before = len(outbox.messages())
        if "csrf_token" not in visitor.cookies:
            visitor.get("/auth/session")
        reply = visitor.call("POST", "/auth/start", {"identifier": identifier}, headers=headers)
        assert reply.status_code == 202  # the same reply, throttled or not
        return len(messages_since(outbox, before))

    return start


def through_cloudfront(viewer: str, key: str) -> dict[str, str]:
    return {"CloudFront-Viewer-Address": viewer, "X-Portal-Edge": key}


def use_up_starts(address: str, *, leave: int = 0) -> None:
    """Spend this address's starts for the hour, all but `leave`."""
    now = time.time()
    for _ in range(limits.starts_from(address)[0].most - leave):
        assert limits.allow(limits.starts_from(address), now)


def test_through_cloudfront_viewers_behind_one_edge_server_are_counted_apart(
    people: dict[str, str], key: str, start_from: Callable[..., int], from_edge_server: Callable[[str], None]
) -> None:
    # Given a viewer who has used up their starts for the hour, and an edge server serving two viewers
    use_up_starts(VIEWER)
    from_edge_server(EDGE_SERVER)

    # When each starts a sign-in through it
    throttled = start_from("lea@example.com", **through_cloudfront(f"{VIEWER}:46532", key))
    other = start_from("lea@example.com", **through_cloudfront(f"[{OTHER_VIEWER}]:46532", key))

    # Then the one is refused a code, and the other, behind the same edge server, is not
    assert (throttled, other) == (0, 1)


def test_through_cloudfront_one_viewer_is_counted_once_whichever_edge_server_carries_them(
    people: dict[str, str], key: str, start_from: Callable[..., int], from_edge_server: Callable[[str], None]
) -> None:
    # Given a viewer with one start left this hour
    use_up_starts(VIEWER, leave=1)

    # When they start twice, through two edge servers (from two ports, as browsers do)
    from_edge_server(EDGE_SERVER)
    first = start_from("lea@example.com", **through_cloudfront(f"{VIEWER}:46532", key))
    from_edge_server(OTHER_EDGE_SERVER)
    second = start_from("demo@example.com", **through_cloudfront(f"{VIEWER}:51000", key))

    # Then both count against the viewer's one allowance: the second is refused
    assert (first, second) == (1, 0)


def test_an_ipv6_viewer_is_counted_under_one_spelling_of_its_address(
    people: dict[str, str], key: str, start_from: Callable[..., int]
) -> None:
    use_up_starts(OTHER_VIEWER)

    sent = start_from("lea@example.com", **through_cloudfront("[2001:DB8:0:0::1]:443", key))

    assert sent == 0  # 2001:DB8:0:0::1 is 2001:db8::1, whose hour is used up


WRONG_KEYS: dict[str, Callable[[str], str | None]] = {
    "no key": lambda key: None,
    "a wrong key": lambda key: "x" * len(key),
    "the key and more": lambda key: key + "x",
    "the key cut short": lambda key: key[:-1],
}


@pytest.mark.parametrize("wrong_key", WRONG_KEYS.values(), ids=WRONG_KEYS.keys())
def test_around_cloudfront_a_claimed_viewer_address_is_ignored(
    people: dict[str, str],
    key: str,
    start_from: Callable[..., int],
    from_edge_server: Callable[[str], None],
    wrong_key: Callable[[str], str | None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Given a caller who goes straight to API Gateway and has used up their own address's starts
    caller = "198.51.100.23"
    use_up_starts(caller)
    from_edge_server(caller)
    forged = {"CloudFront-Viewer-Address": f"{VIEWER}:46532"}
    sent_key = wrong_key(key)
    if sent_key is not None:
        forged["X-Portal-Edge"] = sent_key

    # When they start a sign-in claiming a fresh viewer address, without the edge key (or a wrong one)
    sent = start_from("lea@example.com", **forged)

    # Then they are counted under their own address, and refused a code; the log names neither key nor claim
    assert sent == 0
    logged = " ".join(f"{record.getMessage()} {vars(record)}" for record in caplog.records)
    assert "CloudFront-Viewer-Address ignored" in logged
    assert key not in logged
    assert VIEWER not in logged


def test_around_cloudfront_a_viewer_address_cannot_be_used_up_by_someone_else(
    people: dict[str, str], key: str, start_from: Callable[..., int], from_edge_server: Callable[[str], None]
) -> None:
    # Given a caller who goes straight to API Gateway and starts a whole hour's sign-ins naming a
    # viewer's address
    from_edge_server("198.51.100.23")
    for _ in range(limits.starts_from(VIEWER)[0].most):
        start_from("nobody@example.com", **{"CloudFront-Viewer-Address": f"{VIEWER}:46532"})

    # When that viewer starts a sign-in through CloudFront
    from_edge_server(EDGE_SERVER)
    sent = start_from("lea@example.com", **through_cloudfront(f"{VIEWER}:46532", key))

    # Then their starts were untouched: they get their code
    assert sent == 1


def test_with_no_edge_in_front_a_viewer_address_is_ignored_and_no_key_is_read(
    people: dict[str, str],
    key: str,
    start_from: Callable[..., int],
    stack_outputs: dict[str, str],
    recorder: CallRecorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the local stack's settings, which name no edge origin key, and a viewer whose hour is used up
    monkeypatch.delenv("EDGE_ORIGIN_KEY_SECRET")
    get_settings.cache_clear()
    use_up_starts(VIEWER)
    calls_before = len(recorder.calls)

    # When a start names that viewer, even with the stage's key
    sent = start_from("lea@example.com", **through_cloudfront(f"{VIEWER}:46532", key))

    # Then it is counted under the source IP, and no function asked for the key
    assert sent == 1
    asked = [r.resource for call in recorder.calls[calls_before:] for r in call.requests]
    assert stack_outputs["EdgeOriginKeyArn"] not in asked
    assert stack_outputs["SignInCodePepperArn"] in asked  # the reads are recorded: the pepper's is
