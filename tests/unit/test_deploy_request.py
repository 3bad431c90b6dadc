"""`make deploy` refuses a request that would fail halfway, before it changes anything."""

import pytest

from infra.deploy import DeployRequest

SETTINGS = {"SENDER_EMAIL": "portal@example.com", "BUSINESS_NAME": "Coffee"}
KEYS = {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", "STRIPE_PUBLISHABLE_KEY": "pk_live_x"}
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abc"


def test_a_dev_stage_without_keys_takes_sandbox_payments() -> None:
    request = DeployRequest.from_environment("dev", "eu-west-1", SETTINGS)

    assert request.payment_environment == {"PAYMENT_PROVIDER": "sandbox"}
    assert request.payment_keys is None
    assert (request.stack, request.edge_stack) == ("portal-dev", "portal-dev-edge")


def test_prod_with_keys_writes_the_secret_ones_to_the_secret_and_the_public_one_to_the_functions() -> None:
    request = DeployRequest.from_environment("prod", "eu-west-1", SETTINGS | KEYS)

    assert request.payment_keys == {"secret_key": "sk_live_x", "webhook_secret": "whsec_x"}
    assert request.payment_environment == {"PAYMENT_PROVIDER": "stripe", "STRIPE_PUBLISHABLE_KEY": "pk_live_x"}


@pytest.mark.parametrize(
    ("stage", "region", "environ", "reason"),
    [
        ("prod", "eu-west-1", SETTINGS, "prod takes real payments"),
        ("dev", None, SETTINGS, "AWS_DEFAULT_REGION"),
        ("dev", "eu-west-1", {"BUSINESS_NAME": "Coffee"}, "SENDER_EMAIL"),
        ("test", "eu-west-1", SETTINGS, "STAGE must be one of"),
        ("dev", "eu-west-1", SETTINGS | {"PORTAL_DOMAIN": "portal.example.com"}, "go together"),
        (
            "dev",
            "eu-west-1",
            SETTINGS
            | {"PORTAL_DOMAIN": "p.example.com", "CERTIFICATE_ARN": CERTIFICATE.replace("us-east-1", "eu-west-1")},
            "us-east-1",
        ),
        ("dev", "eu-west-1", SETTINGS | {"AUDIT_RETENTION_DAYS": "7"}, "AUDIT_RETENTION_DAYS"),
        ("dev", "eu-west-1", SETTINGS | {"AUDIT_RETENTION_DAYS": "two years"}, "AUDIT_RETENTION_DAYS"),
    ],
)
def test_a_request_that_would_fail_halfway_is_refused_first(
    stage: str, region: str | None, environ: dict[str, str], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        DeployRequest.from_environment(stage, region, environ)


def test_the_portals_own_domain_comes_with_its_certificate() -> None:
    request = DeployRequest.from_environment(
        "dev", "eu-west-1", SETTINGS | {"PORTAL_DOMAIN": "portal.example.com", "CERTIFICATE_ARN": CERTIFICATE}
    )

    assert (request.portal_domain, request.certificate_arn) == ("portal.example.com", CERTIFICATE)


def test_the_audit_logs_period_is_the_businesss_to_set() -> None:
    assert DeployRequest.from_environment("dev", "eu-west-1", SETTINGS).audit_retention_days == ""
    chosen = DeployRequest.from_environment("dev", "eu-west-1", SETTINGS | {"AUDIT_RETENTION_DAYS": "3650"})
    assert chosen.audit_retention_days == "3650"
