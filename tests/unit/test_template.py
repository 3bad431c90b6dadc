from typing import Any

import pytest

from infra.outputs import payment_environment, payment_keys
from infra.template import Unresolved, resolve

VALUES = {("Stack", None): "portal-dev", ("Queue", "Arn"): "arn:aws:sqs:::q", ("Pool", None): "pool-1"}


def _lookup(name: str, attribute: str | None) -> Any:
    if (name, attribute) not in VALUES:
        raise Unresolved(name)
    return VALUES[(name, attribute)]


def test_intrinsics_resolve_inside_nested_properties() -> None:
    properties = {
        "Name": {"Fn::Sub": "${Stack}-notifications"},
        "Redrive": {"deadLetterTargetArn": {"Fn::GetAtt": ["Queue", "Arn"]}, "maxReceiveCount": 3},
        "Pools": [{"Ref": "Pool"}, {"Fn::Sub": "${Queue.Arn}/x"}],
        "Protection": {"Fn::If": ["IsProd", "ACTIVE", "INACTIVE"]},
    }

    resolved = resolve(properties, _lookup, {"IsProd": False})

    assert resolved == {
        "Name": "portal-dev-notifications",
        "Redrive": {"deadLetterTargetArn": "arn:aws:sqs:::q", "maxReceiveCount": 3},
        "Pools": ["pool-1", "arn:aws:sqs:::q/x"],
        "Protection": "INACTIVE",
    }


def test_a_reference_to_a_resource_not_yet_made_is_reported() -> None:
    with pytest.raises(Unresolved):
        resolve({"Ref": "Later"}, _lookup, {})


def test_deploys_take_stripe_when_its_keys_are_given_and_prod_refuses_the_sandbox() -> None:
    keys = {"STRIPE_SECRET_KEY": "sk", "STRIPE_WEBHOOK_SECRET": "whsec", "STRIPE_PUBLISHABLE_KEY": "pk"}
    # The functions' environment has the public key only: the secret two go to Secrets Manager.
    assert payment_environment(keys, "prod") == {"PAYMENT_PROVIDER": "stripe", "STRIPE_PUBLISHABLE_KEY": "pk"}
    assert payment_keys(keys) == {"secret_key": "sk", "webhook_secret": "whsec"}
    assert payment_keys({"STRIPE_PUBLISHABLE_KEY": "pk"}) is None
    with pytest.raises(ValueError, match="together"):
        payment_keys({"STRIPE_SECRET_KEY": "sk"})
    assert payment_environment({}, "dev") == {"PAYMENT_PROVIDER": "sandbox"}
    with pytest.raises(ValueError, match="prod"):
        payment_environment({}, "prod")
    with pytest.raises(ValueError, match="STRIPE_WEBHOOK_SECRET"):
        payment_environment({"PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk"}, "dev")
