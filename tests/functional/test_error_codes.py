"""Every refusal the API can answer is one a page can say in its reader's language.

(a) A static scan: every error code the server can answer (a DomainError class's `code`, every
`code="..."` given where an error is made, the codes core.http gives Chalice's own refusals)
has `error.<code>` in each web catalogue; every reason has `reason.<reason>`; every decline
code `decline.<code>`. The codes are read from the source with ast, so a new one cannot be
forgotten. (b) A few real requests answer the contract of docs/errors.md.
"""

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from functions.core.errors import REASONS
from functions.payments.schemas import DECLINE_CODES
from tests.functional.test_payments import GOOD_CARD, issue, pay
from tests.functional.visitor import Visitor

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
CATALOGUES = {lang: ROOT / "web" / "i18n" / f"{lang}.json" for lang in ("en", "fr", "pl", "fi")}
# What makes an error answered in the portal's shape: the error classes, the helpers that
# build them, and core.http's own answers.
MAKERS = {"invalid_field", "error_response"}


def _strings(node: ast.AST | None) -> set[str]:
    """The strings an expression can be: `"a" if x == "c" else "b"` gives a and b."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _error_classes(trees: list[ast.Module]) -> dict[str, set[str]]:
    """Every class deriving (at any depth) from DomainError, with the code it sets, if any."""
    bases: dict[str, list[str]] = {}
    codes: dict[str, set[str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
                codes[node.name] = {
                    value
                    for item in node.body
                    if isinstance(item, ast.Assign) and any(getattr(t, "id", "") == "code" for t in item.targets)
                    for value in _strings(item.value)
                }

    def is_error(name: str) -> bool:
        return name == "DomainError" or any(is_error(base) for base in bases.get(name, []) if base != name)

    return {name: codes[name] for name in bases if is_error(name)}


def _is_codes_table(node: ast.AST) -> bool:
    """`NAME_CODES = {...: "code"}` at any level: a table of codes the server answers."""
    named = isinstance(node, ast.Assign) and any(getattr(t, "id", "").endswith("_CODES") for t in node.targets)
    return named and isinstance(node.value, ast.Dict)  # type: ignore[attr-defined]


def server_codes() -> set[str]:
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(FUNCTIONS.rglob("*.py"))]
    trees.append(ast.parse((ROOT / "local" / "server.py").read_text(encoding="utf-8")))
    classes = _error_classes(trees)
    found = {code for codes in classes.values() for code in codes}
    makers = MAKERS | set(classes)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in makers:
                found |= {code for k in node.keywords if k.arg == "code" for code in _strings(k.value)}
            elif isinstance(node, ast.FunctionDef) and node.name in MAKERS:
                arguments = node.args
                named = list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
                found |= {code for arg, default in named if arg.arg == "code" and default for code in _strings(default)}
            elif _is_codes_table(node):  # CHALICE_CODES: Chalice's refusals, in ours
                found |= {code for value in node.value.values for code in _strings(value)}  # type: ignore[attr-defined]
    return found


def _catalogue(lang: str) -> dict[str, Any]:
    return dict(json.loads(CATALOGUES[lang].read_text(encoding="utf-8")))


def test_the_scan_finds_the_codes_it_should() -> None:
    codes = server_codes()
    # a class default, a code= at a raise, one in a conditional, one from a helper's default, Chalice's
    assert {"not_found", "slot_taken", "mobile_taken", "email_taken", "invalid_query", "method_not_allowed"} <= codes
    assert {"internal_error", "invalid_fields", "session_expired", "code_not_accepted"} <= codes
    assert all(code.isidentifier() and code == code.lower() for code in codes), codes


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_error_code_reason_and_decline_has_a_message(lang: str) -> None:
    catalogue = _catalogue(lang)
    wanted = (
        {f"error.{code}" for code in server_codes()}
        | {f"reason.{reason}" for reason in REASONS}
        | {f"decline.{code}" for code in DECLINE_CODES}
    )
    assert sorted(wanted - set(catalogue)) == []


# --- (b) the contract over HTTP ---------------------------------------------------------------


def test_a_field_too_long_is_a_400_naming_the_field_its_reason_and_limit(dana: Visitor) -> None:
    reply = dana.patch("/customers/profile", {"name": "x" * 121})

    assert reply.status_code == 400
    error = reply.json_body["error"]
    assert error["code"] == "invalid_fields"
    assert [{k: d[k] for k in ("field", "reason", "limit")} for d in error["details"]] == [
        {"field": "name", "reason": "too_long", "limit": 120}
    ]
    assert error["details"][0]["message"]  # English, for developers


def test_a_choice_not_offered_names_the_choices(dana: Visitor) -> None:
    reply = dana.patch("/customers/profile", {"language": "de"})

    assert reply.status_code == 400
    [detail] = reply.json_body["error"]["details"]
    assert (detail["field"], detail["reason"], detail["choices"]) == (
        "language",
        "not_allowed",
        ["en", "fr", "pl", "fi"],
    )


def test_a_custom_validator_answers_its_own_reason(dana: Visitor) -> None:
    reply = dana.patch("/customers/profile", {"name": "Léa\nMartin"})

    assert reply.status_code == 400
    assert [(d["field"], d["reason"]) for d in reply.json_body["error"]["details"]] == [("name", "not_one_line")]


def test_an_unknown_query_value_is_invalid_query_with_its_field(dana: Visitor) -> None:
    reply = dana.get("/orders?limit=0")

    assert reply.status_code == 400
    error = reply.json_body["error"]
    assert error["code"] == "invalid_query"
    assert [(d["field"], d["reason"], d["limit"]) for d in error["details"]] == [("limit", "too_small", 1)]


def test_a_cart_of_two_currencies_is_refused_with_its_own_code(operator: Visitor, dana: Visitor) -> None:
    made = {}
    for name, currency in (("Tea", "EUR"), ("Kettle", "SEK")):
        reply = operator.post(
            "/orders/operator/products", {"name": name, "price": 500, "currency": currency, "tax_rate": 2550}
        )
        assert reply.status_code == 201, reply.json_body
        made[currency] = reply.json_body["product_id"]

    assert dana.post("/orders/cart/lines", {"product_id": made["EUR"], "quantity": 1}).status_code < 300
    refused = dana.post("/orders/cart/lines", {"product_id": made["SEK"], "quantity": 1})

    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "cart_mixed_currencies"
    assert "values" not in refused.json_body["error"]


ALL_DAY = {day: [{"opens": "00:00", "closes": "23:45"}] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_a_booking_inside_the_notice_period_says_how_many_hours(operator: Visitor, dana: Visitor) -> None:
    settings = operator.get("/bookings/operator/bookings/settings").json_body
    changed = settings | {"time_zone": "Europe/Helsinki", "opening_hours": ALL_DAY, "notice_hours": 36}
    assert operator.call("PUT", "/bookings/operator/bookings/settings", changed).status_code == 200
    made = operator.post("/bookings/operator/services", {"name": "Fitting", "duration_minutes": 30})
    service_id = made.json_body["service_id"]
    first = dana.get(f"/bookings/services/{service_id}/slots").json_body["days"][0]["slots"][0]["starts_at"]
    booked = dana.post("/bookings", {"service_id": service_id, "starts_at": first}).json_body

    refused = dana.post(f"/bookings/{booked['booking_id']}/cancel", {})

    assert refused.status_code == 409
    error = refused.json_body["error"]
    assert error["code"] == "booking_inside_notice"
    # Only the hours: a moment would be written in the reader's zone, not the business's.
    assert error["values"] == {"hours": 36}


def test_a_declined_card_answers_its_decline_code(operator: Visitor, dana: Visitor, people: dict[str, str]) -> None:
    invoice = issue(operator, people["demo"], 1000)
    card = {"number": "4000 0000 0000 9995", "expiry": "12/34", "cvc": "123"}

    declined = pay(dana, "decline-pay-01", (invoice["invoice_id"], 1000), card=card).json_body
    retried = pay(dana, "decline-pay-02", (invoice["invoice_id"], 1000), card=GOOD_CARD).json_body

    assert (declined["status"], declined["decline_code"]) == ("failed", "insufficient_funds")
    assert (retried["status"], retried["decline_code"]) == ("succeeded", None)
