"""Schemathesis against the running local stack: no 5xx, and every reply matches its schema."""

import subprocess
import sys
from pathlib import Path


def test_every_route_survives_generated_input_and_keeps_its_contract(portal_url: str) -> None:
    schemathesis = Path(sys.executable).parent / "schemathesis"

    run = subprocess.run(
        [str(schemathesis), "run", f"{portal_url}/api/openapi.json", "--checks", "all", "--max-examples", "50"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "No issues found" in run.stdout


def test_a_second_local_stack_on_the_same_port_says_why_it_stops(portal_url: str) -> None:
    port = portal_url.rsplit(":", 1)[-1]

    second = subprocess.run(
        [sys.executable, "-m", "local", "--port", port], capture_output=True, text=True, timeout=60, check=False
    )

    assert second.returncode != 0
    assert "already in use" in second.stderr
