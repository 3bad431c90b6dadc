"""The stage's secrets live in Secrets Manager alone: no function's environment holds one, the
functions read them at run time (functions.core.secrets), keep them a few minutes, and refuse
one that is missing or too short."""

import json
from collections.abc import Iterator

import boto3
import pytest

from functions.core import secrets
from functions.core.errors import ConfigurationError
from functions.core.settings import get_settings
from infra.outputs import LAMBDA_RESERVED_KEYS, app_environment, payment_environment, payment_keys
from local.outbox import Outbox
from tests.functional.visitor import Visitor

DEPLOYER = {
    "STRIPE_SECRET_KEY": "sk_live_portal_secret_key",
    "STRIPE_WEBHOOK_SECRET": "whsec_portal_webhook_secret",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_portal_publishable",
}


def _secret_values(secretsmanager: object, outputs: dict[str, str]) -> list[str]:
    """Every value the stage's secrets hold, and each member of the JSON ones."""
    found = []
    for output in ("SignInCodePepperArn", "PagingCursorKeyArn", "PaymentKeysArn", "EdgeOriginKeyArn"):
        value = secretsmanager.get_secret_value(SecretId=outputs[output])["SecretString"]  # type: ignore[attr-defined]
        found.append(value)
        if value.startswith("{"):
            found += [str(member) for member in json.loads(value).values()]
    return found


def test_no_functions_environment_holds_a_secret_value(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    # Given a prod deploy with Stripe's keys, which writes them into the PaymentKeys secret
    secretsmanager = aws.client("secretsmanager")
    keys = payment_keys(DEPLOYER)
    secretsmanager.put_secret_value(SecretId=stack_outputs["PaymentKeysArn"], SecretString=json.dumps(keys))

    # When the functions' environment is made, as the deploy makes it
    environment = app_environment(
        stack_outputs, stage="prod", sender_email="portal@example.com", business_name="Northwind"
    )
    environment.update(payment_environment(DEPLOYER, "prod"))

    # Then it names the secrets, holds none of their values, and sets nothing Lambda refuses
    values = _secret_values(secretsmanager, stack_outputs)
    assert len(values) == 6  # pepper, cursor key, the keys' JSON and its two members, edge origin key
    leaks = [(name, secret) for name, setting in environment.items() for secret in values if secret in setting]
    assert leaks == []
    assert not LAMBDA_RESERVED_KEYS & set(environment)
    assert environment["SIGNIN_CODE_PEPPER_SECRET"] == stack_outputs["SignInCodePepperArn"]
    assert environment["PAGING_CURSOR_KEY_SECRET"] == stack_outputs["PagingCursorKeyArn"]
    assert environment["PAYMENT_KEYS_SECRET"] == stack_outputs["PaymentKeysArn"]
    assert environment["EDGE_ORIGIN_KEY_SECRET"] == stack_outputs["EdgeOriginKeyArn"]
    assert environment["STRIPE_PUBLISHABLE_KEY"] == DEPLOYER["STRIPE_PUBLISHABLE_KEY"]  # public: the pages need it


def test_a_local_stage_names_no_edge_origin_key(stack_outputs: dict[str, str]) -> None:
    # No CloudFront stands in front of the local stack: no request can prove it came through one
    environment = app_environment(
        stack_outputs, stage="local", sender_email="portal@example.com", business_name="Northwind"
    )

    assert "EDGE_ORIGIN_KEY_SECRET" not in environment
    assert environment["SIGNIN_CODE_PEPPER_SECRET"] == stack_outputs["SignInCodePepperArn"]


@pytest.fixture
def kept_five_minutes(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Secrets kept as a Lambda keeps them (the other functional tests read on every use)."""
    monkeypatch.setenv("SECRETS_MAX_AGE_SECONDS", "300")
    get_settings.cache_clear()
    secrets.forget()
    yield
    get_settings.cache_clear()


def test_a_rotated_pepper_is_used_once_the_kept_one_is_older_than_its_max_age(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    dana: Visitor,
    outbox: Outbox,
    kept_five_minutes: None,
) -> None:
    # Given Dana signed in, her session sealed with the pepper the functions keep
    assert dana.get("/customers/profile").status_code == 200

    # When the pepper is rotated
    aws.client("secretsmanager").put_secret_value(SecretId=stack_outputs["SignInCodePepperArn"], SecretString="r" * 64)

    # Then within the max age the kept pepper is still used: her session holds
    assert dana.get("/customers/profile").status_code == 200
    assert secrets.signin_code_pepper() != "r" * 64
    # and once the kept one is older than the max age (what forgetting it stands for) the new
    # pepper is read: the seal made with the old one no longer opens, a new sign-in works
    secrets.forget()
    assert secrets.signin_code_pepper() == "r" * 64
    assert dana.get("/customers/profile").status_code == 401
    dana.sign_in("demo@example.com", outbox)
    assert dana.get("/customers/profile").status_code == 200


def test_a_too_short_or_missing_key_is_refused_when_first_read(
    aws: boto3.session.Session, stack_outputs: dict[str, str], settings_env: dict[str, str]
) -> None:
    secretsmanager = aws.client("secretsmanager")
    secretsmanager.put_secret_value(SecretId=stack_outputs["SignInCodePepperArn"], SecretString="short")
    secretsmanager.delete_secret(SecretId=stack_outputs["PagingCursorKeyArn"], ForceDeleteWithoutRecovery=True)

    with pytest.raises(ConfigurationError, match=r"SIGNIN_CODE_PEPPER_SECRET: .* at least 32 characters"):
        secrets.signin_code_pepper()
    with pytest.raises(ConfigurationError, match=r"PAGING_CURSOR_KEY_SECRET: .* could not be read"):
        secrets.paging_cursor_key()
