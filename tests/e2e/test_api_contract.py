"""Schemathesis against a running local stack: no 5xx on any generated input, and every
reply matches its schema, as nobody, as a customer and as an operator.

This stack is its own (schemathesis creates customers and may deactivate them), with a short
fixed sign-in reply time (it starts hundreds of sign-ins).
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import latest_code, local_stack

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).parent / "schemathesis.toml"


@pytest.fixture(scope="module")
def contract_url() -> Iterator[str]:
    with local_stack("--signin-reply-seconds", "0.01") as url:
        yield url


def _signed_in_headers(url: str, identifier: str, code_to: str) -> list[str]:
    session = requests.Session()
    session.get(f"{url}/api/auth/session")
    csrf = {"X-CSRF-Token": session.cookies["csrf_token"]}
    session.post(f"{url}/api/auth/start", json={"identifier": identifier}, headers=csrf).raise_for_status()
    verified = session.post(f"{url}/api/auth/verify", json={"code": latest_code(url, code_to)}, headers=csrf)
    verified.raise_for_status()
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return ["-H", f"Cookie: {cookies}", "-H", f"X-CSRF-Token: {session.cookies['csrf_token']}"]


def _failures(report: str) -> str:
    """Schemathesis's failures, however long its report of what it could not reach."""
    start = report.find("FAILURES")
    return (report[start : start + 8000] if start >= 0 else report[-6000:]) + "\n"


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(None, id="anonymous"),
        pytest.param(("demo@example.com", "+15555550100"), id="customer"),
        pytest.param(("staff@example.com", "staff@example.com"), id="operator"),
    ],
)
def test_every_route_survives_generated_input_and_keeps_its_contract(
    contract_url: str, who: tuple[str, str] | None
) -> None:
    auth = _signed_in_headers(contract_url, *who) if who else []
    command = [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{contract_url}/api/openapi.json"]
    command += ["--checks", "all"]
    # Schemathesis fails a reply slower than 10 s by default. Speed is measured in bench/, not
    # here: this bound only catches a hang. On CI's two cores, with browser tests beside it
    # and the local worker sharing moto's one-call-at-a-time DynamoDB, one reply took 19 s.
    # The same bound for the request itself: schemathesis gives a request 10 s by default, past
    # which a slow reply is a "Network Error", not a slow one.
    command += ["--max-response-time", "120", "--request-timeout", "120"]
    command += ["--max-examples", "30", *auth]
    if who:
        command += ["--exclude-path", "/auth/logout"]  # would end the session under test

    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)

    assert run.returncode == 0, _failures(run.stdout) + run.stderr
    document = requests.get(f"{contract_url}/api/openapi.json", timeout=5).json()
    described = sum(len(methods) for methods in document["paths"].values())
    selected = re.search(r"Selected: (\d+)/(\d+)", run.stdout)
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert selected is not None
    assert tested is not None
    assert int(tested.group(1)) == int(selected.group(1))
    # Left out: logout when signed in; schemathesis may skip the document's own route.
    assert int(selected.group(1)) >= described - 2


def test_a_second_local_stack_on_the_same_port_says_why_it_stops(contract_url: str) -> None:
    port = contract_url.rsplit(":", 1)[-1]

    second = subprocess.run(
        [sys.executable, "-m", "local", "--port", port], capture_output=True, text=True, timeout=60, check=False
    )

    assert second.returncode != 0
    assert "already in use" in second.stderr
