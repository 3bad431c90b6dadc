"""The sign-in policy's pure parts: codes, the challenge loop's decisions, RS256."""

import base64
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import moto
import pytest

from functions.auth.codes import code_digest, code_matches, mask_email, mask_phone, new_code
from functions.auth.reply_time import FixedReplyTime
from functions.auth.triggers import define_auth_challenge
from functions.core.tokens import rs256_valid


def test_codes_are_six_digits_and_vary() -> None:
    codes = {new_code() for _ in range(200)}

    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190


def test_only_a_peppered_digest_is_kept_and_it_matches_only_its_code() -> None:
    digest = code_digest("123456", "pepper-" * 6)

    assert "123456" not in digest
    assert code_digest("123456", "other-" * 6) != digest
    assert code_matches("123456", digest, "pepper-" * 6)
    assert code_matches(" 123456 ", digest, "pepper-" * 6)
    assert not code_matches("123457", digest, "pepper-" * 6)


def test_destinations_are_masked() -> None:
    assert mask_phone("+15555550100") == "+1••••••••00"
    assert mask_email("lea@example.com") == "l•••@example.com"


def _define(session: list[dict[str, Any]], user_not_found: bool = False) -> dict[str, Any]:
    event = {"request": {"session": session, "userNotFound": user_not_found}, "response": {}}
    return define_auth_challenge(event)["response"]


def _round(result: bool) -> dict[str, Any]:
    return {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": result, "challengeMetadata": "CODE"}


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ([], {"challengeName": "CUSTOM_CHALLENGE", "issueTokens": False, "failAuthentication": False}),
        ([_round(True)], {"issueTokens": True, "failAuthentication": False}),
        ([_round(False)], {"challengeName": "CUSTOM_CHALLENGE", "issueTokens": False, "failAuthentication": False}),
        ([_round(False), _round(True)], {"issueTokens": True, "failAuthentication": False}),
        ([_round(False)] * 3, {"issueTokens": False, "failAuthentication": True}),
    ],
)
def test_the_challenge_loop(session: list[dict[str, Any]], expected: dict[str, Any]) -> None:
    assert _define(session) == expected


def test_an_unknown_user_fails_at_once() -> None:
    assert _define([], user_not_found=True)["failAuthentication"] is True


def _b64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _moto_key() -> dict[str, Any]:
    path = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-private.json.gz"
    key: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return key


def _sign(message: bytes, key: dict[str, Any]) -> bytes:
    """Textbook RSASSA-PKCS1-v1_5 signing, to test the verifier against an independent signer."""
    n, d = int.from_bytes(_b64(key["n"]), "big"), int.from_bytes(_b64(key["d"]), "big")
    size = (n.bit_length() + 7) // 8
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(message).digest()
    encoded = b"\x00\x01" + b"\xff" * (size - len(digest_info) - 3) + b"\x00" + digest_info
    return pow(int.from_bytes(encoded, "big"), d, n).to_bytes(size, "big")


def test_rs256_accepts_a_genuine_signature_and_nothing_else() -> None:
    key = _moto_key()
    n, e = int.from_bytes(_b64(key["n"]), "big"), int.from_bytes(_b64(key["e"]), "big")
    signature = _sign(b"header.payload", key)

    assert rs256_valid(b"header.payload", signature, n, e)
    assert not rs256_valid(b"header.payloaD", signature, n, e)
    assert not rs256_valid(b"header.payload", signature[:-1] + bytes([signature[-1] ^ 1]), n, e)
    assert not rs256_valid(b"header.payload", signature[1:], n, e)
    assert not rs256_valid(b"header.payload", (n + 1).to_bytes(len(signature) + 1, "big")[1:], n, e)


class _Time:
    """Monotonic time that moves by the work a test says was done, and by sleeping."""

    def __init__(self) -> None:
        self.at = 500.0

    def monotonic(self) -> float:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.at += seconds


@pytest.mark.parametrize(
    ("work", "reply_after"),
    [
        pytest.param(0.0, 0.8, id="nothing-to-do"),
        pytest.param(0.3, 0.8, id="quick"),
        pytest.param(0.8, 0.8, id="exactly-the-fixed-time"),
        pytest.param(0.81, 1.6, id="just-over: the next step, not at once"),
        pytest.param(2.0, 2.4, id="far-over"),
    ],
)
def test_a_reply_waits_to_its_deadline_or_to_the_next_whole_step(work: float, reply_after: float) -> None:
    time = _Time()
    reply_time = FixedReplyTime(0.8, time.monotonic, time.sleep)

    deadline = reply_time.deadline()  # taken as the request begins
    time.at += work
    deadline.wait()

    assert time.at - 500.0 == pytest.approx(reply_after)


def test_no_fixed_time_means_no_wait() -> None:
    time = _Time()

    FixedReplyTime(0, time.monotonic, time.sleep).deadline().wait()

    assert time.at == 500.0
