"""Every paged list takes back only the cursors it handed out, to the person it gave them to."""

import base64
import json
from typing import Any

import pytest

from local.demo import load_demo_history
from tests.functional.visitor import Visitor


def _paged_routes() -> list[tuple[str, str]]:
    """(access, path) of every GET route that takes ?cursor=, read from the live routing table."""
    from tests.unit.test_ids_and_settings import COMPLETE

    with pytest.MonkeyPatch.context() as env:
        for name, value in COMPLETE.items():
            env.setenv(name, value)
        from functions.core.openapi import routes_of
        from local.edge import load_apps

        routes = routes_of(load_apps().values())
    return sorted((spec.access, path) for path, method, spec in routes if method == "GET" and "cursor" in spec.query)


PAGED = _paged_routes()


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


EDITED = {
    "unknown attribute": _b64({"x": 1}),
    "plain-string key": _b64({"pk": "CUSTOMER#01J", "sk": "ORDER#2026"}),
    "typed key, no signature": _b64({"pk": {"S": "CUSTOMER#01J"}, "sk": {"S": "ORDER#2026"}}),
    "not base64": "%%%",
}


def test_the_lists_named_by_the_review_are_all_covered() -> None:
    paths = {path for _, path in PAGED}
    for named in (
        "/orders",
        "/payments/invoices",
        "/tickets",
        "/notifications",
        "/documents",
        "/payments",
        "/bookings",
    ):
        assert named in paths
    assert "/documents/document-requests" in paths
    assert any("/operator/" in path for path in paths)


@pytest.mark.parametrize(("access", "path"), PAGED)
def test_an_edited_cursor_is_a_400_on_every_list(
    access: str, path: str, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    caller = operator if access == "staff" else dana
    url = path.replace("{customer_id}", people["demo"])
    for how, cursor in EDITED.items():
        reply = caller.get(f"{url}?cursor={cursor}")
        assert reply.status_code == 400, (how, reply.json_body)
        assert reply.json_body["error"]["code"] == "invalid_cursor"
        assert reply.json_body["error"]["details"][0]["field"] == "cursor"


def _second_page_cursor(visitor: Visitor, url: str) -> Any:
    load_demo_history()  # Dana's two open invoices
    cursor = visitor.get(f"{url}limit=1").json_body["next_cursor"]
    assert cursor, "the demo data gives this list more than one item"
    return cursor


def test_a_cursor_works_for_its_owner_and_for_nobody_else(dana: Visitor, lea: Visitor) -> None:
    # Given a cursor Dana's invoices gave her
    cursor = _second_page_cursor(dana, "/payments/invoices?")
    # Then it takes her to her next page
    assert dana.get(f"/payments/invoices?limit=1&cursor={cursor}").status_code == 200
    # But Lea cannot use it, and it is no cursor for another list either
    assert lea.get(f"/payments/invoices?cursor={cursor}").json_body["error"]["code"] == "invalid_cursor"
    assert dana.get(f"/payments?cursor={cursor}").json_body["error"]["code"] == "invalid_cursor"


def test_a_cursor_belongs_to_the_filter_and_the_customer_it_was_made_for(
    operator: Visitor, people: dict[str, str]
) -> None:
    dana_invoices = f"/payments/operator/customers/{people['demo']}/invoices"
    cursor = _second_page_cursor(operator, f"{dana_invoices}?")
    assert operator.get(f"{dana_invoices}?cursor={cursor}").status_code == 200
    lea_invoices = f"/payments/operator/customers/{people['lea']}/invoices"
    assert operator.get(f"{lea_invoices}?cursor={cursor}").status_code == 400
    assert operator.get(f"{dana_invoices}?status=open&cursor={cursor}").status_code == 400
