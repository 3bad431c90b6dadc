"""Schemathesis against a running local stack: no 5xx on any generated input, and every
reply matches its schema. One file per caller (test_api_contract*.py), so pytest-xdist runs
the three on both workers: each is minutes of fuzzing, the longest files of the suite.

Each file's stack is its own (schemathesis creates customers and may deactivate them), with a
short fixed sign-in reply time (it starts hundreds of sign-ins).
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.e2e.conftest import latest_code, local_stack

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).parent / "schemathesis.toml"
ANONYMOUS = {"public", "signed"}
CUSTOMER = ("demo@example.com", "+15555550100"), {"public", "signed", "customer"}
OPERATOR = ("staff@example.com", "staff@example.com"), {"public", "signed", "staff"}


@contextmanager
def contract_stack() -> Iterator[str]:
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


def survives_generated_input_and_keeps_its_contract(
    contract_url: str, who: tuple[str, str] | None, admitted: set[str]
) -> None:
    """Each caller on the routes that admit them. On any other route the gate answers before
    anything of the request is read (core.http), so generated input would only test the gate
    again: tests/functional/test_access.py sends every route to whom it refuses instead."""
    document = requests.get(f"{contract_url}/api/openapi.json", timeout=5).json()
    operations = [op for methods in document["paths"].values() for op in methods.values() if op["x-access"] in admitted]
    auth = _signed_in_headers(contract_url, *who) if who else []
    command = [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{contract_url}/api/openapi.json"]
    command += [argument for op in operations for argument in ("--include-operation-id", op["operationId"])]
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
    selected = re.search(r"Selected: (\d+)/(\d+)", run.stdout)
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert selected is not None
    assert tested is not None
    assert int(tested.group(1)) == int(selected.group(1))
    # Left out: logout when signed in; schemathesis may skip the document's own route.
    assert int(selected.group(1)) >= len(operations) - 2
