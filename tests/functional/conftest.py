"""The domain apps through chalice.test.Client behind the local edge, on moto, with resources
made from infra/stateful.yaml."""

import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.handlers
import pytest
import requests
from chalice.app import Chalice
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from functions.auth import service as auth_service
from functions.core import clients, secrets, tokens
from functions.core.app import DOMAINS
from functions.core.settings import get_settings
from functions.customers import api as customers_api
from functions.customers.service import find_principal
from functions.portal import settings as portal_settings
from infra.outputs import app_environment, live_api_outputs, policy_values
from infra.policies import Request, Where, allows, fill, load, requests_of_call, templates
from local.demo import load_demo_data
from local.edge import EdgeClient, load_apps
from local.live import as_deployed
from local.moto_speedups import index_queries_sort_only_their_partition, transactions_undo_only_what_they_wrote
from local.outbox import Outbox
from local.resources import ACCOUNT_ID, LocalStack
from local.worker import running_function
from tests.functional.company import company  # noqa: F401 - a fixture for the tests of accounts
from tests.functional.dynamodb_calls import dynamodb_calls  # noqa: F401 - a fixture for every functional test
from tests.functional.live_sockets import LIVE_ENDPOINT, api_gateway_says_gone, live  # noqa: F401 - fixtures
from tests.functional.set_ups import SET_UPS
from tests.functional.visitor import Visitor, signed_in

REGION = "us-east-1"
transactions_undo_only_what_they_wrote()  # the same answers from moto, a table copy less per item
index_queries_sort_only_their_partition()  # the same answers, as the local stack's moto gives them

Function = tuple[str, str]  # (app name, function name), as local.worker.running_function says
POLICY_STAGE = "local"  # the stage the policies are filled for (it names the log groups)


@dataclass(frozen=True)
class RecordedCall:
    function: Function
    call: str  # "dynamodb.TransactWriteItems"
    requests: tuple[Request, ...]


class CallRecorder:
    """Every AWS call a portal function makes, as the IAM requests it needs (infra.policies).

    Its botocore hooks join botocore's built-in handlers, as moto's stubber does, so every
    session made after this module is imported has them: functions.core.clients' boto3 session
    and the botocore sessions pynamodb makes per connection and thread. The function a call is
    made for is the invocation in progress (local.worker.running_function: the edge marks API
    requests, the worker the other functions), except inside the auth API's replay of Cognito.
    """

    # AUTH_BACKEND=local: the auth API replays Cognito's custom-auth loop itself. What that replay
    # calls is Cognito's own doing in AWS, and the triggers it runs are Lambdas of their own.
    _COGNITO_STAND_IN = ("functions.auth.gateway", "LocalGateway.")
    _TRIGGERS = (
        "functions.auth.triggers",
        frozenset({"define_auth_challenge", "create_auth_challenge", "verify_auth_challenge"}),
    )

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self.unmapped: list[str] = []
        self.outputs: dict[str, str] = {}  # the running test's stack

    def install(self) -> None:
        botocore.handlers.BUILTIN_HANDLERS.extend(
            [
                ("before-parameter-build", self._on_call),
                ("before-call.apigatewaymanagementapi", self._on_connections_call),
                ("before-sign.s3.PutObject", self._on_presigned_post),
            ]
        )

    def _on_call(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        if model.auth_type == "none":
            return  # an unsigned call (Cognito's InitiateAuth, GlobalSignOut...): IAM is not asked
        if context.get("is_presign_request") and model.name == "CreateBucket":
            return  # the start of a presigned POST: its key is known when it is signed
        if model.service_model.service_name == "apigatewaymanagementapi":
            return  # its resource is in its URL, known once the request is made (_on_connections_call)
        self._record(model.service_model.service_name, model.name, params, context.get("client_region") or REGION)

    def _on_presigned_post(self, request: Any, **_: Any) -> None:
        fields = request.context.get("s3-presign-post-fields")
        if fields is not None:  # whoever posts the form puts the object with the signer's rights
            self._record("s3", "PutObject", {"Bucket": request.context["input_params"]["Bucket"], "Key": fields["key"]})

    def _on_connections_call(self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        """API Gateway's management API: the WebSocket API, stage and connection a call is for
        are in the URL it is sent to (infra.policies.Where.endpoint)."""
        region = context.get("client_region") or REGION
        endpoint = as_deployed(params["url"], region)  # the local server's stand-in, placed as AWS's
        self._record(model.service_model.service_name, model.name, {}, region, endpoint=endpoint)

    def _record(
        self, service: str, operation: str, params: dict[str, Any], region: str = REGION, endpoint: str = ""
    ) -> None:
        function = self._function()
        if function is None:
            return
        try:
            requests = requests_of_call(service, operation, params, Where(region, ACCOUNT_ID, endpoint=endpoint))
        except ValueError as exc:
            self.unmapped.append(f"{'.'.join(function)}: {exc}")
            return
        self.calls.append(RecordedCall(function, f"{service}.{operation}", tuple(requests)))

    def _function(self) -> Function | None:
        frame = sys._getframe()
        while frame is not None:
            module, name = frame.f_globals.get("__name__"), frame.f_code.co_qualname
            if module == self._TRIGGERS[0] and name in self._TRIGGERS[1]:
                return ("portal-auth", name)
            if module == self._COGNITO_STAND_IN[0] and name.startswith(self._COGNITO_STAND_IN[1]):
                return None
            frame = frame.f_back
        return running_function()

    def policies(self, outputs: dict[str, str]) -> dict[Function, dict[str, Any]]:
        """Each portal function's policy, filled for this stack."""
        values = policy_values(outputs, stage=POLICY_STAGE)
        return {
            (f"portal-{domain}", function): fill(load(path), values)
            for domain in DOMAINS
            for function, path in templates(domain).items()
        }

    def ungranted(self, calls: Sequence[RecordedCall], outputs: dict[str, str]) -> list[str]:
        """Each call a function made that its own policy does not allow, with why."""
        policies = self.policies(outputs)
        problems = []
        for call in calls:
            app, function = call.function
            if app.removeprefix("portal-") not in DOMAINS:
                continue  # an app a test made up, not the portal's
            policy = policies.get(call.function)
            if policy is None:
                problems.append(f"{app}.{function} has no policy (infra/policies)")
                continue
            problems += [f"{app}.{function} {call.call}: {r}" for r in call.requests if not allows(policy, r)]
        return list(dict.fromkeys(problems))


RECORDER = CallRecorder()
RECORDER.install()


@pytest.fixture(scope="session")
def recorder() -> CallRecorder:
    return RECORDER


@pytest.fixture(autouse=True)
def _calls_within_their_policies() -> Iterator[None]:
    """In every functional test: each AWS call a portal function makes is one its own policy
    allows (infra/policies). Which grants no call needs is test_least_privilege's to find."""
    calls, unmapped = len(RECORDER.calls), len(RECORDER.unmapped)
    RECORDER.outputs = {}  # until this test's stack_outputs says what its resources are
    yield
    made = RECORDER.calls[calls:]
    problems = RECORDER.unmapped[unmapped:]
    if made and not RECORDER.outputs:
        problems.append("portal functions made AWS calls in a test without stack_outputs to check them against")
    elif made:
        problems += RECORDER.ungranted(made, RECORDER.outputs)
    assert not problems, "AWS calls outside the functions' policies:\n" + "\n".join(problems)


@pytest.fixture
def one_hour_window() -> None:
    """For a test that spends an hourly allowance and then expects it spent: the sign-in limits
    count in fixed hourly windows (functions/auth/limits.py), so a test across the turn of the
    hour would find the allowance back. Under half a minute from it, wait the turn out."""
    left = 3600 - time.time() % 3600
    if left < 30:
        time.sleep(left + 0.1)


def _fetch_json_through_requests(url: str) -> Any:
    reply = requests.get(url, timeout=5)
    reply.raise_for_status()
    return reply.json()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[boto3.session.Session]:
    """A fresh moto account for one test."""
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    # moto in this process answers botocore and requests (through responses), not urllib3,
    # which the functions fetch the pool's JWKS with: here the same GET goes through requests.
    monkeypatch.setattr(tokens, "fetch_json", _fetch_json_through_requests)
    with mock_aws():
        clients.reset()
        SET_UPS.begin()
        # The process's session: service models load once, not once per test.
        yield clients.session()
    clients.reset()


@pytest.fixture
def stack_outputs(aws: boto3.session.Session) -> dict[str, str]:
    params = {"Stage": "dev", "SenderEmail": "portal@example.com", "WebOrigin": "http://127.0.0.1:8000"}
    # The WebSocket API is the deploy's, not the stack's (infra.outputs.LIVE_API_OUTPUTS): here
    # moto's management API, which the functions post to (tests/functional/live_sockets.py).
    outputs = SET_UPS.step(
        "stack", lambda: {**LocalStack(aws, "portal-test", params).create(), **live_api_outputs(LIVE_ENDPOINT)}
    )
    RECORDER.outputs = outputs  # what this test's calls are checked against
    return outputs


@pytest.fixture
def settings_env(
    aws: boto3.session.Session, stack_outputs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    env = app_environment(
        stack_outputs,
        stage="local",
        sender_email="portal@example.com",
        business_name="Test Traders",
        auth_backend="local",
        live_endpoint=LIVE_ENDPOINT,  # moto's management API (tests/functional/live_sockets.py)
    )
    env["SIGNIN_REPLY_SECONDS"] = "0.05"
    # As deployed behind CloudFront (a local stage has no edge, so no edge key): a request that
    # carries the key believes its CloudFront-Viewer-Address, one without it is not believed.
    env["EDGE_ORIGIN_KEY_SECRET"] = stack_outputs["EdgeOriginKeyArn"]
    # Every function here runs in this one process: a secret one function read and kept would
    # spare another its own read, and the recorder would never check that read against the
    # other's policy. So each use reads (a Lambda asks once per SECRETS_MAX_AGE_SECONDS).
    env["SECRETS_MAX_AGE_SECONDS"] = "0"
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
    secrets.forget()
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

    def made() -> dict[str, str]:
        load_demo_data(settings_env["USER_POOL_ID"])
        return {
            "staff": find_principal("staff@example.com").principal_id,  # type: ignore[union-attr]
            "demo": find_principal("demo@example.com").principal_id,  # type: ignore[union-attr]
            "lea": find_principal("lea@example.com").principal_id,  # type: ignore[union-attr]
        }

    return SET_UPS.step("demo data", made)


@pytest.fixture
def visitor(client: EdgeClient) -> Visitor:
    return Visitor(client)


@pytest.fixture
def operator(client: EdgeClient, people: dict[str, str], outbox: Outbox) -> Visitor:
    return signed_in(client, "staff@example.com", outbox)


@pytest.fixture
def dana(client: EdgeClient, people: dict[str, str], outbox: Outbox) -> Visitor:
    return signed_in(client, "demo@example.com", outbox)


@pytest.fixture
def lea(client: EdgeClient, people: dict[str, str], outbox: Outbox) -> Visitor:
    return signed_in(client, "lea@example.com", outbox)


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
