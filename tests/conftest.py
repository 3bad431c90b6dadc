"""The order files reach pytest-xdist's workers in (`make test`: --dist loadfile).

A worker takes the next file when it is done with one, in collection order (the Makefile turns
off xdist's own reorder, which puts the files with the most tests first). The few files that
each run for minutes go first, longest first, so they run beside each other and the many short
files fill in around them; collected last, as their paths would have them, one of them was the
suite's last ten minutes, on one worker, while the others waited.
"""

import pytest

# Slowest first, measured in a whole run (docs/performance.md, "The test suite").
LONGEST_FIRST = (
    "tests/e2e/test_api_contract_operator.py",
    "tests/rehearsal/test_rehearsal.py",
    "tests/e2e/test_api_contract_customer.py",
    "tests/e2e/test_api_contract.py",
)


def _rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)  # stable: every other file keeps its place and its tests their order
