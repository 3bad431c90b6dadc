"""Schemathesis as nobody (tests/e2e/contract.py), and a second local stack on the same port."""

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.contract import ANONYMOUS, contract_stack, survives_generated_input_and_keeps_its_contract


@pytest.fixture(scope="module")
def contract_url() -> Iterator[str]:
    with contract_stack() as url:
        yield url


def test_every_route_survives_generated_input_and_keeps_its_contract(contract_url: str) -> None:
    survives_generated_input_and_keeps_its_contract(contract_url, None, ANONYMOUS)


def test_a_second_local_stack_on_the_same_port_says_why_it_stops(contract_url: str) -> None:
    port = contract_url.rsplit(":", 1)[-1]

    second = subprocess.run(
        [sys.executable, "-m", "local", "--port", port], capture_output=True, text=True, timeout=60, check=False
    )

    assert second.returncode != 0
    assert "already in use" in second.stderr
