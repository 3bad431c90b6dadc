"""The domain apps through chalice.test.Client behind the local edge, on moto, with resources
made from infra/stateful.yaml."""

import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from chalice.app import Chalice
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from functions.auth import service as auth_service
from functions.core import clients
from functions.core.settings import get_settings
from functions.customers import api as customers_api
from functions.customers.service import find_principal
from functions.portal import settings as portal_settings
from infra.outputs import app_environment, read_secrets
from local.demo import load_demo_data
from local.edge import EdgeClient, load_apps
from local.moto_speedups import one_rollback_copy_per_transaction
from local.outbox import Outbox
from local.resources import LocalStack
from tests.functional.visitor import Visitor

REGION = "us-east-1"
one_rollback_copy_per_transaction()  # the same answers from moto, a table copy less per item


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
        # The process's session: service models load once, not once per test.
        yield clients.session()
    clients.reset()


@pytest.fixture
def stack_outputs(aws: boto3.session.Session) -> dict[str, str]:
    params = {"Stage": "dev", "SenderEmail": "portal@example.com", "WebOrigin": "http://127.0.0.1:8000"}
    return LocalStack(aws, "portal-test", params).create()


@pytest.fixture
def settings_env(
    aws: boto3.session.Session, stack_outputs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    env = app_environment(
        stack_outputs,
        stage="local",
        region=REGION,
        sender_email="portal@example.com",
        business_name="Test Traders",
        secrets=read_secrets(aws.client("secretsmanager"), stack_outputs),
        auth_backend="local",
    )
    env["SIGNIN_REPLY_SECONDS"] = "0.05"
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    _forget_process_state()
    yield env
    _forget_process_state()


def _forget_process_state() -> None:
    """What a Lambda keeps between invocations, dropped between tests (each has a new account).

    pynamodb's connections are kept: the table name is the same in every test, moto answers
    clients made in an earlier test, and each new connection costs a model load.
    """
    get_settings.cache_clear()
    portal_settings.forget()
    for cached in (auth_service._services, customers_api._directory):
        cached.cache_clear()


@pytest.fixture
def portal(settings_env: dict[str, str]) -> dict[str, Chalice]:
    """Every domain's app, by domain."""
    return load_apps()


@pytest.fixture
def client(portal: dict[str, Chalice]) -> Iterator[EdgeClient]:
    with EdgeClient(portal) as test_client:
        yield test_client


@pytest.fixture
def outbox(stack_outputs: dict[str, str]) -> Outbox:
    return Outbox(REGION)


@pytest.fixture
def people(settings_env: dict[str, str], client: EdgeClient) -> dict[str, str]:
    """The demo operator and customers, made through the real services; name -> principal id."""
    load_demo_data(settings_env["USER_POOL_ID"])
    return {
        "staff": find_principal("staff@example.com").principal_id,  # type: ignore[union-attr]
        "demo": find_principal("demo@example.com").principal_id,  # type: ignore[union-attr]
        "lea": find_principal("lea@example.com").principal_id,  # type: ignore[union-attr]
    }


@pytest.fixture
def visitor(client: EdgeClient) -> Visitor:
    return Visitor(client)


@pytest.fixture
def operator(client: EdgeClient, people: dict[str, str], outbox: Outbox) -> Visitor:
    staff = Visitor(client)
    staff.sign_in("staff@example.com", outbox)
    return staff


@pytest.fixture
def dana(client: Any, people: dict[str, str], outbox: Outbox) -> Visitor:
    customer = Visitor(client)
    customer.sign_in("demo@example.com", outbox)
    return customer


@pytest.fixture
def lea(client: Any, people: dict[str, str], outbox: Outbox) -> Visitor:
    customer = Visitor(client)
    customer.sign_in("lea@example.com", outbox)
    return customer


@pytest.fixture
def atomic_aws_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each moto call atomic, as each DynamoDB call is; our threads still interleave between calls.

    (moto's in-process backend is not thread-safe inside one call: a transaction deep-copies
    the table while another thread writes to it.)
    """
    lock = threading.Lock()
    original = BotocoreStubber.__call__

    def atomic(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        with lock:
            return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", atomic)
