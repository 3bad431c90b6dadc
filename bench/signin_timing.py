"""How long POST /auth/start takes for a known, an unknown, a deactivated and a throttled
identity, and how long the /auth/verify after it takes to refuse a code for a known person,
for nobody, for an expired code and for a throttled address: no reply may tell them apart.
Measured in-process on moto with the production fixed reply time, kinds alternating sample
by sample; reported as each kind's median against the known one. The refusals are measured
again without a fixed time, to show what the work alone would tell.
"""

import json
import statistics
import time
from collections.abc import Callable

from bench.stack import moto_portal
from local.demo import load_demo_data
from local.edge import EdgeClient

SAMPLES = 9  # 3 kinds x 9 = 27 starts, under the 30 an hour one address may make
REPLY_SECONDS = "0.8"
VERIFY_SAMPLES = 9  # 3 kinds x 9 = 27 verifies from one address, under its 60 an hour


def _start(client: EdgeClient, identifier: str, csrf: str) -> float:
    began = time.perf_counter()
    reply = client.http.post(
        "/auth/start",
        body=json.dumps({"identifier": identifier}).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"csrf_token={csrf}", "X-CSRF-Token": csrf},
    )
    assert reply.status_code == 202
    return (time.perf_counter() - began) * 1000


def measure() -> dict[str, list[float]]:

    with moto_portal("portal-bench", SIGNIN_REPLY_SECONDS=REPLY_SECONDS) as outputs:
        load_demo_data(outputs["UserPoolId"])
        with EdgeClient() as client:
            csrf = "bench-csrf-token"
            # Lea is deactivated through the service an operator would call.
            from functions.core.clock import SystemClock
            from functions.customers import service
            from functions.customers.api import directory

            lea = service.find_principal("lea@example.com")
            assert lea is not None
            service.deactivate_customer(lea.principal_id, directory(), SystemClock())
            kinds = {
                "known (code sent)": "demo@example.com",
                "unknown": "nobody@example.com",
                "deactivated": "lea@example.com",
            }
            timings: dict[str, list[float]] = {kind: [] for kind in kinds}
            timings["throttled (limit reached)"] = []
            for _ in range(SAMPLES):
                for kind, identifier in kinds.items():
                    timings[kind].append(_start(client, identifier, csrf))
            for _ in range(30 - 3 * SAMPLES):  # use up the address's hourly allowance
                _start(client, "demo@example.com", csrf)
            for _ in range(SAMPLES):  # now refused, silently
                timings["throttled (limit reached)"].append(_start(client, "demo@example.com", csrf))
            return timings


def report(timings: dict[str, list[float]]) -> str:
    baseline = statistics.median(timings["known (code sent)"])
    lines = [f"POST /auth/start, median of {SAMPLES}, fixed reply time {REPLY_SECONDS} s:"]
    for kind, samples in timings.items():
        median = statistics.median(samples)
        spread = max(samples) - min(samples)
        lines.append(f"  {kind:28} {median:7.1f} ms   {median / baseline:.3f}x   (spread {spread:.1f} ms)")
    return "\n".join(lines)


def _refusal_ms(attempt_id: str, code: str, address: str) -> float:
    from functions.auth import service
    from functions.core.errors import DomainError

    began = time.perf_counter()
    try:
        service.verify_code(attempt_id, code, address)
    except DomainError:
        return (time.perf_counter() - began) * 1000
    raise AssertionError("the bench's code was accepted")


class _Attempts:
    """Sign-in attempts to refuse codes for, started through the service from their own address
    (the start is not what is measured). A known person's attempt takes three wrong answers
    before Cognito ends it, so a new one is started every third sample."""

    def __init__(self, identifier: str, prepare: Callable[[], None] = lambda: None) -> None:
        self._identifier, self._prepare = identifier, prepare
        self._current: str | None = None
        self._uses = 0

    def next(self) -> str:
        from functions.auth import service

        if self._current is None or self._uses == 3:
            self._current, self._uses = service.start_sign_in(self._identifier, "bench-starts"), 0
            self._prepare()
        self._uses += 1
        return self._current


def _expire_code(identifier: str) -> Callable[[], None]:
    def expire() -> None:
        from functions.auth.models import SignInCodeItem
        from functions.auth.triggers import CODE, code_key
        from functions.customers import service

        person = service.find_principal(identifier)
        assert person is not None
        for item in SignInCodeItem.query(code_key(person.principal_id), SignInCodeItem.sk == CODE):
            item.update(actions=[SignInCodeItem.expires_at.set(int(time.time()) - 1)])

    return expire


def measure_verify(reply_seconds: str) -> dict[str, list[float]]:
    with moto_portal("portal-bench-verify", SIGNIN_REPLY_SECONDS=reply_seconds) as outputs:
        load_demo_data(outputs["UserPoolId"])
        from functions.auth import limits

        while limits.allow(limits.verifies_from("bench-throttled"), time.time()):
            pass  # this address has used up its hour
        known, throttled = _Attempts("demo@example.com"), _Attempts("demo@example.com")
        nobody = _Attempts("nobody@example.com")
        expired = _Attempts("lea@example.com", _expire_code("lea@example.com"))
        kinds: dict[str, Callable[[], float]] = {
            "known (wrong code)": lambda: _refusal_ms(known.next(), "000000", "bench-verify"),
            "unknown": lambda: _refusal_ms(nobody.next(), "000000", "bench-verify"),
            "expired code": lambda: _refusal_ms(expired.next(), "000000", "bench-verify"),
            "throttled (limit reached)": lambda: _refusal_ms(throttled.next(), "000000", "bench-throttled"),
        }
        timings: dict[str, list[float]] = {kind: [] for kind in kinds}
        for _ in range(VERIFY_SAMPLES):
            for kind, refuse in kinds.items():
                timings[kind].append(refuse())
        return timings


def report_verify(timings: dict[str, list[float]], padding: str) -> str:
    baseline = statistics.median(timings["known (wrong code)"])
    lines = [f"POST /auth/verify refused, n={VERIFY_SAMPLES} each, alternating, {padding}:"]
    for kind, samples in timings.items():
        median = statistics.median(samples)
        spread = max(samples) - min(samples)
        lines.append(f"  {kind:28} {median:7.1f} ms   {median / baseline:.3f}x   (spread {spread:.1f} ms)")
    return "\n".join(lines)


def main() -> None:
    print(report(measure()))
    print(report_verify(measure_verify(REPLY_SECONDS), f"fixed reply time {REPLY_SECONDS} s"))
    print(report_verify(measure_verify("0"), "no fixed time (the work alone, as verify answered before)"))
