"""The portal's resources on in-process moto, for benches that call services directly."""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore.client import BaseClient
from moto import mock_aws

from functions.core import clients, secrets
from functions.core.settings import get_settings
from infra.outputs import app_environment
from local.resources import LocalStack


@contextmanager
def moto_portal(stack_name: str, **environment: str) -> Iterator[dict[str, str]]:
    """The stack made from infra/stateful.yaml and the app's environment for it (plus
    `environment`); yields the stack's outputs."""
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    os.environ.pop("AWS_ENDPOINT_URL", None)
    with mock_aws():
        clients.reset()
        session = clients.session()
        parameters = {"Stage": "dev", "SenderEmail": "p@example.com", "WebOrigin": "http://127.0.0.1"}
        outputs = LocalStack(session, stack_name, parameters).create()
        os.environ.update(
            app_environment(
                outputs,
                stage="local",
                sender_email="p@example.com",
                business_name="Bench",
                auth_backend="local",  # moto runs no Cognito triggers
            )
        )
        os.environ.update(environment)
        get_settings.cache_clear()
        secrets.forget()
        yield outputs


def round_trips(action: Callable[[], Any]) -> tuple[float, int]:
    """(milliseconds, DynamoDB calls) of one run of `action`. Calls are counted below every
    client (pynamodb keeps one per model), at botocore's one door to AWS."""
    calls = 0
    original = BaseClient._make_api_call

    def counted(self: BaseClient, operation: str, params: Any) -> Any:
        nonlocal calls
        if self.meta.service_model.service_name == "dynamodb":
            calls += 1
        return original(self, operation, params)

    BaseClient._make_api_call = counted  # type: ignore[method-assign]
    try:
        began = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - began) * 1000
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    return elapsed, calls
