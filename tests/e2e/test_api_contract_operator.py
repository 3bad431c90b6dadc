"""Schemathesis as a signed-in operator (tests/e2e/contract.py)."""

from collections.abc import Iterator

import pytest

from tests.e2e.contract import OPERATOR, contract_stack, survives_generated_input_and_keeps_its_contract


@pytest.fixture(scope="module")
def contract_url() -> Iterator[str]:
    with contract_stack() as url:
        yield url


def test_every_route_survives_generated_input_and_keeps_its_contract(contract_url: str) -> None:
    survives_generated_input_and_keeps_its_contract(contract_url, *OPERATOR)
