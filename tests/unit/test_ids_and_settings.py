import pytest

from functions.core.errors import ConfigurationError
from functions.core.ids import new_id
from functions.core.settings import Settings, Stage, get_settings

SECRETS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
COMPLETE = {
    "STAGE": "dev",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "TABLE_NAME": "portal-dev-portal",
    "DOCUMENTS_BUCKET": "portal-dev-documents",
    "NOTIFICATIONS_QUEUE_URL": "https://sqs/123/portal-dev-notifications",
    "NOTIFICATIONS_DEAD_LETTER_QUEUE_URL": "https://sqs/123/portal-dev-notifications-dlq",
    "USER_POOL_ID": "eu-west-1_abc",
    "USER_POOL_CLIENT_ID": "client",
    "SENDER_EMAIL": "portal@example.com",
    "BUSINESS_NAME": "Northwind",
    "SIGNIN_CODE_PEPPER_SECRET": f"{SECRETS}portal-dev-signin-code-pepper-AbCdEf",
    "PAGING_CURSOR_KEY_SECRET": f"{SECRETS}portal-dev-paging-cursor-key-GhIjKl",
    "PAYMENT_KEYS_SECRET": f"{SECRETS}portal-dev-payment-keys-MnOpQr",
}


def test_ids_sort_by_creation_time_and_differ() -> None:
    earlier, later = new_id(now_ms=1_700_000_000_000), new_id(now_ms=1_700_000_000_001)

    assert len(earlier) == 26
    assert earlier < later
    assert new_id(now_ms=5) != new_id(now_ms=5)
    same_millisecond = [new_id(now_ms=7) for _ in range(50)]
    assert same_millisecond == sorted(same_millisecond)  # made in this order, sorted in it


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key in [*COMPLETE, "AUTH_BACKEND", "PAYMENT_PROVIDER", "STRIPE_PUBLISHABLE_KEY", "EDGE_ORIGIN_KEY_SECRET"]:
        monkeypatch.delenv(key, raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def _set(environment: pytest.MonkeyPatch, **changes: str | None) -> None:
    """The complete settings, with some changed (a value) or left out (None)."""
    for key, value in {**COMPLETE, **changes}.items():
        if value is not None:
            environment.setenv(key, value)


def test_complete_settings_load(environment: pytest.MonkeyPatch) -> None:
    _set(environment)

    settings = get_settings()

    assert isinstance(settings, Settings)
    assert settings.stage is Stage.DEV
    assert settings.is_deployed
    assert settings.table_name == "portal-dev-portal"


def test_a_missing_resource_name_stops_the_start_and_is_named(environment: pytest.MonkeyPatch) -> None:
    _set(environment, TABLE_NAME=None)

    with pytest.raises(ConfigurationError, match="TABLE_NAME"):
        get_settings()


def test_a_domain_app_in_lambda_fails_its_cold_start_on_a_missing_variable(environment: pytest.MonkeyPatch) -> None:
    from functions.core.app import domain_app
    from functions.core.http import Routes

    _set(environment, TABLE_NAME=None, AWS_LAMBDA_FUNCTION_NAME="portal-orders-dev")

    with pytest.raises(ConfigurationError, match="TABLE_NAME"):
        domain_app("orders", Routes(__name__, tag="orders", part="orders"))


def test_outside_lambda_an_app_builds_without_settings_as_chalice_package_needs(
    environment: pytest.MonkeyPatch,
) -> None:
    from functions.core.app import domain_app
    from functions.core.http import Routes

    environment.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)

    assert domain_app("orders", Routes(__name__, tag="orders")).app_name == "portal-orders"
    with pytest.raises(ValueError, match="not a part of the portal"):
        domain_app("orders", Routes(__name__, tag="orders", part="order"))


def test_an_unknown_stage_is_refused(environment: pytest.MonkeyPatch) -> None:
    _set(environment, STAGE="staging")

    with pytest.raises(ConfigurationError, match="STAGE"):
        get_settings()


def test_the_local_sign_in_gateway_is_refused_in_a_deployed_stage(environment: pytest.MonkeyPatch) -> None:
    _set(environment, AUTH_BACKEND="local")

    with pytest.raises(ConfigurationError, match="AUTH_BACKEND=local is refused"):
        get_settings()


def test_the_local_sign_in_gateway_is_allowed_locally(environment: pytest.MonkeyPatch) -> None:
    _set(environment, AUTH_BACKEND="local", STAGE="local")

    assert get_settings().auth_backend == "local"


def test_a_secret_is_named_by_its_arn_never_given_by_its_value(environment: pytest.MonkeyPatch) -> None:
    _set(environment, SIGNIN_CODE_PEPPER_SECRET="p" * 64)

    with pytest.raises(ConfigurationError, match="SIGNIN_CODE_PEPPER_SECRET"):
        get_settings()


def test_the_edge_origin_key_is_optional_and_named_by_its_arn(environment: pytest.MonkeyPatch) -> None:
    _set(environment)
    assert get_settings().edge_origin_key_secret is None  # no CloudFront in front: locally

    arn = f"{SECRETS}portal-dev-edge-origin-key-StUvWx"
    _set(environment, EDGE_ORIGIN_KEY_SECRET=arn)
    get_settings.cache_clear()
    assert get_settings().edge_origin_key_secret == arn

    _set(environment, EDGE_ORIGIN_KEY_SECRET="e" * 64)
    get_settings.cache_clear()
    with pytest.raises(ConfigurationError, match="EDGE_ORIGIN_KEY_SECRET"):
        get_settings()


def test_stripe_needs_its_publishable_key_in_the_settings(environment: pytest.MonkeyPatch) -> None:
    _set(environment, PAYMENT_PROVIDER="stripe")

    with pytest.raises(ConfigurationError, match="STRIPE_PUBLISHABLE_KEY"):
        get_settings()
    _set(environment, PAYMENT_PROVIDER="stripe", STRIPE_PUBLISHABLE_KEY="pk_test_1")
    get_settings.cache_clear()
    assert get_settings().stripe_publishable_key == "pk_test_1"  # its secret keys are read at run time
