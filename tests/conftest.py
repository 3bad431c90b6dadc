"""How `make test` shares the suite between its two workers (pytest-xdist, --dist loadgroup)."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A file's tests stay on one worker, in order (some share a module's stack and build on
    each other's steps); the browser pages' files all go to one worker together, in the order
    they run alone, because they share one local stack (tests/e2e/conftest.py `portal_url`) and
    some change what later ones find (a customer deactivated, a setting turned off)."""
    for item in items:
        group = "browser-pages" if "portal_url" in getattr(item, "fixturenames", ()) else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
