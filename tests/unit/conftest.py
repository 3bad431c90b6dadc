"""The settings a unit test reads, with the secrets they name held by moto's Secrets Manager
(in this process: no network), as core.secrets reads them in a Lambda."""

from collections.abc import Iterator

import pytest
from moto import mock_aws

from functions.core import clients, secrets
from functions.core.settings import get_settings
from tests.unit.test_ids_and_settings import COMPLETE

# The value of each secret COMPLETE names, by its setting.
SECRET_VALUES = {
    "SIGNIN_CODE_PEPPER_SECRET": "p" * 64,
    "PAGING_CURSOR_KEY_SECRET": "k" * 64,
    "PAYMENT_KEYS_SECRET": "{}",
}


@pytest.fixture
def stage_secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """COMPLETE's settings in the environment, naming secrets that hold SECRET_VALUES; yields
    each secret's ARN by its setting."""
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        clients.reset()
        secrets.forget()
        secretsmanager = clients.session().client("secretsmanager", region_name=COMPLETE["AWS_DEFAULT_REGION"])
        arns = {
            setting: secretsmanager.create_secret(Name=f"portal-dev-{setting.lower()}", SecretString=value)["ARN"]
            for setting, value in SECRET_VALUES.items()
        }
        for name, value in {**COMPLETE, **arns}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        yield arns
    get_settings.cache_clear()
    secrets.forget()
    clients.reset()
