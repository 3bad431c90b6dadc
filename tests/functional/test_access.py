"""Who may call what: tokens checked on every request, CSRF on writes, operators apart."""

import gzip
import json
import re
import time
from pathlib import Path
from typing import Any

import moto
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from local.outbox import Outbox
from tests.functional.visitor import Visitor, error_code

MOTO_PRIVATE_KEY = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-private.json.gz"


def _moto_key() -> RSAKey:
    return RSAKey.import_key(json.loads(gzip.decompress(MOTO_PRIVATE_KEY.read_bytes())))


def _token(key: RSAKey, settings_env: dict[str, str], principal_id: str, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": f"https://cognito-idp.us-east-1.amazonaws.com/{settings_env['USER_POOL_ID']}",
        "client_id": settings_env["USER_POOL_CLIENT_ID"],
        "token_use": "access",
        "username": principal_id,
        "iat": now,
        "auth_time": now,
        "exp": now + 900,
        **overrides,
    }
    return jwt.encode({"alg": "RS256", "kid": "dummy"}, claims, key)


def test_a_token_signed_with_moto_key_and_right_claims_is_accepted(
    visitor: Visitor, people: dict[str, str], settings_env: dict[str, str], outbox: Outbox
) -> None:
    """The control for the refusals below: the same construction, nothing wrong with it (beside
    a live session's seal: a token alone is no session)."""
    visitor.sign_in("demo@example.com", outbox)
    visitor.cookies["portal_access"] = _token(_moto_key(), settings_env, people["demo"])

    assert visitor.get("/customers/profile").status_code == 200


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param({"key": "other"}, id="signed-with-another-key"),
        pytest.param({"exp": int(time.time()) - 60}, id="expired"),
        pytest.param({"client_id": "someone-elses-client"}, id="wrong-client-id"),
        pytest.param({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"}, id="wrong-issuer"),
        pytest.param({"token_use": "id"}, id="id-token"),
    ],
)
def test_forged_or_stale_tokens_are_refused(
    visitor: Visitor, people: dict[str, str], settings_env: dict[str, str], forgery: dict[str, Any], outbox: Outbox
) -> None:
    visitor.sign_in("demo@example.com", outbox)  # a live session's seal: only the token is wrong
    visitor.cookies.pop("portal_refresh")  # else the expired one is renewed, as it should be
    key = RSAKey.generate_key(2048, parameters={"kid": "dummy"}) if forgery.pop("key", None) else _moto_key()
    visitor.cookies["portal_access"] = _token(key, settings_env, people["demo"], **forgery)

    reply = visitor.get("/customers/profile")

    assert reply.status_code == 401
    assert reply.json_body["error"]["code"] == "not_signed_in"


def test_a_tampered_payload_breaks_the_signature(
    visitor: Visitor, people: dict[str, str], settings_env: dict[str, str]
) -> None:
    header, _, signature = _token(_moto_key(), settings_env, people["demo"]).split(".")
    _, payload, _ = _token(_moto_key(), settings_env, people["lea"]).split(".")
    visitor.cookies["portal_access"] = f"{header}.{payload}.{signature}"

    assert visitor.get("/customers/profile").status_code == 401


def test_without_a_session_cookie_customer_routes_answer_401(visitor: Visitor, people: dict[str, str]) -> None:
    assert visitor.get("/customers/profile").status_code == 401


def test_a_write_without_the_csrf_echo_is_refused_and_changes_nothing(
    visitor: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    visitor.sign_in("lea@example.com", outbox)

    refused = visitor.call("PATCH", "/customers/profile", {"name": "Mallory"}, csrf=False)
    real = visitor.cookies["csrf_token"]
    mismatched = visitor._client.http.request(  # header and cookie disagree
        "PATCH",
        "/customers/profile",
        headers={
            "Content-Type": "application/json",
            "Cookie": "; ".join(f"{k}={v}" for k, v in {**visitor.cookies, "csrf_token": real}.items()),
            "X-CSRF-Token": "forged",
        },
        body=b'{"name": "Mallory"}',
    )

    assert refused.status_code == 403
    assert mismatched.status_code == 403
    assert visitor.get("/customers/profile").json_body["name"] == "Léa Martin"


def test_a_customer_on_an_operator_route_gets_403(visitor: Visitor, people: dict[str, str], outbox: Outbox) -> None:
    visitor.sign_in("demo@example.com", outbox)

    assert visitor.get("/customers/operator/customers").status_code == 403
    assert visitor.get(f"/customers/operator/customers/{people['lea']}").status_code == 403
    assert visitor.post("/customers/operator/customers", {"name": "X", "email": "x@example.com"}).status_code == 403


def test_an_operator_is_not_a_customer(operator: Visitor) -> None:
    assert operator.get("/customers/profile").status_code == 403


def test_every_route_refuses_whom_its_access_does_not_admit_before_reading_the_request(
    visitor: Visitor, dana: Visitor, operator: Visitor
) -> None:
    """The gate in core.http, route by route, with a body and query no route would take: nobody
    signed in gets a 401, a customer on a staff route and staff on a customer route a 403. The
    contract test (tests/e2e/contract.py) fuzzes each route only as whom it admits,
    since nothing of the request is read before this."""
    visitor.get("/auth/session")  # a CSRF token, as every page has, so the gate is what answers
    refused = {"customer": [visitor, operator], "staff": [visitor, dana]}
    expected = {id(visitor): (401, "not_signed_in"), id(dana): (403, "staff_only")}
    expected[id(operator)] = (403, "customers_only")
    document = visitor.get("/openapi.json").json_body
    wrong, tried = [], 0
    for path, methods in document["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "01M8XDJW0ZBE1MY2A24SHSPSS5", path) + "?limit=-1&cursor=%00"
        for method, operation in methods.items():
            for caller in refused.get(operation["x-access"], []):
                reply = caller.send(method.upper(), concrete, {"\u0000": [None]})
                tried += 1
                status, code = expected[id(caller)]
                if (reply.status_code, error_code(reply)) != (status, code):
                    wrong.append(f"{method.upper()} {path}: {reply.status_code} {error_code(reply)}")
    assert not wrong, wrong
    assert tried > 300  # about 2 of each of the 174 customer and staff routes


def test_sign_out_ends_this_session_and_everywhere_else_ends_the_others(
    client: object, people: dict[str, str], outbox: Outbox
) -> None:
    phone, laptop, tablet = Visitor(client), Visitor(client), Visitor(client)  # type: ignore[arg-type]
    for device in (phone, laptop, tablet):
        device.sign_in("lea@example.com", outbox)
    old_cookies = dict(phone.cookies)

    assert phone.post("/auth/logout").status_code == 204

    assert "portal_access" not in phone.cookies
    assert laptop.get("/customers/profile").status_code == 200, "only this device signed out"
    assert laptop.post("/auth/sessions/sign-out-others").status_code == 200
    assert tablet.get("/customers/profile").status_code == 401
    assert laptop.get("/customers/profile").status_code == 200
    replay = Visitor(client)  # type: ignore[arg-type]
    replay.cookies = old_cookies
    assert replay.get("/customers/profile").status_code == 401


def test_an_expired_access_token_is_refreshed_silently(
    visitor: Visitor, people: dict[str, str], outbox: Outbox, settings_env: dict[str, str]
) -> None:
    visitor.sign_in("lea@example.com", outbox)
    visitor.cookies["portal_access"] = _token(_moto_key(), settings_env, people["lea"], exp=int(time.time()) - 5)

    reply = visitor.get("/customers/profile")

    assert reply.status_code == 200
    assert visitor.cookies["portal_access"].count(".") == 2
    assert visitor.get("/customers/profile").status_code == 200


def test_deactivation_signs_the_customer_out_and_blocks_new_codes(
    client: object, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    lea = Visitor(client)  # type: ignore[arg-type]
    lea.sign_in("lea@example.com", outbox)
    time.sleep(1.01)

    deactivated = operator.post(f"/customers/operator/customers/{people['lea']}/deactivate")
    count = len(outbox.messages())
    lea_again = Visitor(client)  # type: ignore[arg-type]
    lea_again.start("lea@example.com")

    assert deactivated.json_body["status"] == "deactivated"
    assert lea.get("/customers/profile").status_code == 401
    assert len(outbox.messages()) == count
