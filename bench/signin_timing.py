"""How long POST /auth/start takes for a known, an unknown, a deactivated and a throttled
identity: the reply must not tell them apart. Measured in-process on moto, through the app,
with the production fixed reply time; reported as each kind's median against the known one.
"""

import json
import statistics
import time

from chalice.test import Client

from bench.stack import moto_portal
from local.demo import load_demo_data

SAMPLES = 9  # 3 kinds x 9 = 27 starts, under the 30 an hour one address may make
REPLY_SECONDS = "0.8"


def _start(client: Client, identifier: str, csrf: str) -> float:
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
        import app

        with Client(app.app) as client:
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


def main() -> None:
    print(report(measure()))
