"""The app through chalice.test.Client, on moto, with resources made from infra/stateful.yaml."""

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from functions.core import clients
from functions.core.settings import get_settings
from infra.outputs import app_environment
from local.resources import LocalStack

REGION = "us-east-1"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[boto3.session.Session]:
    """A fresh moto account for one test."""
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        clients.reset()
        yield boto3.session.Session(region_name=REGION)
    clients.reset()


@pytest.fixture
def stack_outputs(aws: boto3.session.Session) -> dict[str, str]:
    params = {"Stage": "dev", "SenderEmail": "portal@example.com", "WebOrigin": "http://127.0.0.1:8000"}
    return LocalStack(aws, "portal-test", params).create()


@pytest.fixture
def settings_env(stack_outputs: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    env = app_environment(
        stack_outputs, stage="local", region=REGION, sender_email="portal@example.com", business_name="Test Traders"
    )
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield env
    get_settings.cache_clear()


@pytest.fixture
def portal(settings_env: dict[str, str]) -> Any:
    import app

    return app.app


@pytest.fixture
def client(portal: Any) -> Iterator[Client]:
    with Client(portal) as test_client:
        yield test_client
