"""The rehearsal's moto server runs Lambda code and Cognito's custom-auth triggers, through boto3."""

import base64
import io
import json
import socket
import textwrap
import time
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from tests.rehearsal import cognito_custom_auth, lambda_runtime

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/rehearsal-function"


class Clock:
    """Wall time plus an offset a test can move forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def endpoint(clock: Clock) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    trust = {
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }
    client(url, "iam").create_role(RoleName=ROLE.rsplit("/", 1)[1], AssumeRolePolicyDocument=json.dumps(trust))
    try:
        with lambda_runtime.installed(url), cognito_custom_auth.installed(now=clock.now):
            yield url
    finally:
        requests.post(f"{url}/moto-api/reset", timeout=10)
        server.stop()


def client(endpoint: str, service: str) -> Any:
    return boto3.session.Session().client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="rehearsal",
        aws_secret_access_key="rehearsal",
    )


def bundle(**modules: str) -> bytes:
    """A zip of Python modules, as a deploy uploads it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, source in modules.items():
            archive.writestr(f"{name}.py", textwrap.dedent(source))
    return buffer.getvalue()


def deploy(endpoint: str, code: bytes, handler: str, **options: Any) -> dict[str, Any]:
    function: dict[str, Any] = client(endpoint, "lambda").create_function(
        FunctionName=f"rehearsal-{uuid.uuid4().hex[:10]}",
        Runtime="python3.11",
        Role=ROLE,
        Handler=handler,
        Code={"ZipFile": code},
        **options,
    )
    return function


def invoke(endpoint: str, name: str, event: Any, **options: Any) -> tuple[dict[str, Any], Any]:
    reply = client(endpoint, "lambda").invoke(FunctionName=name, Payload=json.dumps(event).encode(), **options)
    return reply, json.loads(reply["Payload"].read() or b"null")


def notes_table(endpoint: str) -> str:
    name = f"notes-{uuid.uuid4().hex[:8]}"
    client(endpoint, "dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


NOTE_WRITER = """
    import os

    import boto3


    def handler(event, context):
        table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
        table.put_item(Item={"pk": event["id"], "region": os.environ["AWS_REGION"], "by": context.function_name})
        left = context.get_remaining_time_in_millis() > 0
        return {"stored": event["id"], "memory": context.memory_limit_in_mb, "left": left}
"""


# Lambda


def test_invoke_runs_the_code_whose_boto3_reaches_the_same_server(endpoint: str) -> None:
    # Given a function that writes to a table named by its environment
    table = notes_table(endpoint)
    function = deploy(
        endpoint, bundle(notes=NOTE_WRITER), "notes.handler", Environment={"Variables": {"TABLE_NAME": table}}
    )

    # When it is invoked
    reply, payload = invoke(endpoint, function["FunctionName"], {"id": "note-1"})

    # Then the payload is its return value and the item is in the server's table
    assert "FunctionError" not in reply
    assert payload == {"stored": "note-1", "memory": 128, "left": True}
    item = client(endpoint, "dynamodb").get_item(TableName=table, Key={"pk": {"S": "note-1"}})["Item"]
    assert item == {"pk": {"S": "note-1"}, "region": {"S": REGION}, "by": {"S": function["FunctionName"]}}


def test_event_invocation_is_accepted_then_runs(endpoint: str) -> None:
    table = notes_table(endpoint)
    function = deploy(
        endpoint, bundle(notes=NOTE_WRITER), "notes.handler", Environment={"Variables": {"TABLE_NAME": table}}
    )

    reply = client(endpoint, "lambda").invoke(
        FunctionName=function["FunctionName"], InvocationType="Event", Payload=b'{"id": "later"}'
    )
    lambda_runtime.wait_for_events()

    assert reply["StatusCode"] == 202
    assert "Item" in client(endpoint, "dynamodb").get_item(TableName=table, Key={"pk": {"S": "later"}})


def test_a_raised_exception_is_an_unhandled_function_error_with_its_log(endpoint: str) -> None:
    code = bundle(
        broken="""
        def handler(event, context):
            print("about to fail")
            raise LookupError("no such invoice: " + event["invoice"])
        """
    )
    function = deploy(endpoint, code, "broken.handler")

    reply, payload = invoke(endpoint, function["FunctionName"], {"invoice": "inv-9"}, LogType="Tail")

    assert reply["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "LookupError"
    assert payload["errorMessage"] == "no such invoice: inv-9"
    assert any("broken.py" in frame for frame in payload["stackTrace"])
    tail = base64.b64decode(reply["LogResult"]).decode()
    assert "about to fail" in tail
    assert "about to fail" in lambda_runtime.logs(function["FunctionName"])


def test_updating_the_code_changes_what_runs(endpoint: str) -> None:
    function = deploy(endpoint, bundle(app="def handler(event, context):\n    return 'first'\n"), "app.handler")
    assert invoke(endpoint, function["FunctionName"], {})[1] == "first"

    client(endpoint, "lambda").update_function_code(
        FunctionName=function["FunctionName"], ZipFile=bundle(app="def handler(event, context):\n    return 'second'\n")
    )

    assert invoke(endpoint, function["FunctionName"], {})[1] == "second"


def test_the_timeout_stops_the_function(endpoint: str) -> None:
    code = bundle(slow="import time\n\ndef handler(event, context):\n    time.sleep(30)\n")
    function = deploy(endpoint, code, "slow.handler", Timeout=1)

    started = time.monotonic()
    reply, payload = invoke(endpoint, function["FunctionName"], {})

    assert time.monotonic() - started < 15
    assert reply["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in payload["errorMessage"]


def test_only_the_runtime_libraries_are_there_besides_the_bundle(endpoint: str) -> None:
    # pytest is in the venv but not in Lambda's runtime: a bundle that forgot it fails as in AWS
    code = bundle(needs="import boto3\nimport pytest\n\ndef handler(event, context):\n    return 1\n")
    function = deploy(endpoint, code, "needs.handler")

    reply, payload = invoke(endpoint, function["FunctionName"], {})

    assert reply["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "Runtime.ImportModuleError"
    assert "No module named 'pytest'" in payload["errorMessage"]


# API Gateway

ECHO = """
    import json


    def handler(event, context):
        body = {
            "path": event["path"],
            "resource": event["resource"],
            "pathParameters": event["pathParameters"],
            "query": event["queryStringParameters"],
            "greeting": event["headers"].get("X-Greeting"),
            "body": event["body"],
            "contextPath": event["requestContext"]["path"],
            "sourceIp": event["requestContext"]["identity"]["sourceIp"],
        }
        return {
            "statusCode": 201,
            "headers": {"Content-Type": "application/json", "X-Seen-Path": event["path"]},
            "multiValueHeaders": {"X-Tag": ["a", "b"]},
            "body": json.dumps(body),
            "isBase64Encoded": False,
        }
"""


def rest_api(endpoint: str, function_arn: str, paths: list[str]) -> str:
    """A REST API as `chalice deploy` makes one: a Lambda proxy integration per method, stage "api"."""
    apigateway = client(endpoint, "apigateway")
    api_id: str = apigateway.create_rest_api(name=f"portal-{uuid.uuid4().hex[:6]}")["id"]
    resources = {r["path"]: r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"]}
    for path in paths:
        parent = "/"
        for part in path.strip("/").split("/"):
            here = f"{parent.rstrip('/')}/{part}"
            if here not in resources:
                created = apigateway.create_resource(restApiId=api_id, parentId=resources[parent], pathPart=part)
                resources[here] = created["id"]
            parent = here
        apigateway.put_method(restApiId=api_id, resourceId=resources[path], httpMethod="ANY", authorizationType="NONE")
        apigateway.put_integration(
            restApiId=api_id,
            resourceId=resources[path],
            httpMethod="ANY",
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations",
        )
    apigateway.create_deployment(restApiId=api_id, stageName="api")
    return api_id


def allow_api_gateway(endpoint: str, function_name: str, api_id: str) -> None:
    client(endpoint, "lambda").add_permission(
        FunctionName=function_name,
        StatementId=f"apigateway-{api_id}",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:123456789012:{api_id}/*",
    )


def test_invoke_http_goes_through_the_proxy_integration(endpoint: str) -> None:
    function = deploy(endpoint, bundle(echo=ECHO), "echo.handler")
    api_id = rest_api(endpoint, function["FunctionArn"], ["/tickets/{ticket_id}", "/tickets/open", "/{proxy+}"])
    allow_api_gateway(endpoint, function["FunctionName"], api_id)
    lambda_client = client(endpoint, "lambda")

    status, headers, body = lambda_runtime.invoke_http(
        lambda_client, api_id, "POST", "/tickets/t%2042?page=2&page=3", {"X-Greeting": "hello"}, '{"a": 1}'
    )

    assert status == 201
    assert headers["X-Seen-Path"] == "/tickets/t%2042"
    assert headers["X-Tag"] == ["a", "b"]  # one header line each, as a browser receives them
    assert json.loads(body) == {
        "path": "/tickets/t%2042",
        "resource": "/tickets/{ticket_id}",
        "pathParameters": {"ticket_id": "t 42"},
        "query": {"page": "3"},
        "greeting": "hello",
        "body": '{"a": 1}',
        "contextPath": "/api/tickets/t%2042",
        "sourceIp": "127.0.0.1",
    }
    # a literal segment wins over a parameter, and {proxy+} takes what nothing else does
    assert json.loads(lambda_runtime.invoke_http(endpoint, api_id, "GET", "/tickets/open")[2])["resource"] == (
        "/tickets/open"
    )
    proxied = json.loads(lambda_runtime.invoke_http(endpoint, api_id, "GET", "/files/a/b.pdf")[2])
    assert proxied["resource"] == "/{proxy+}"
    assert proxied["pathParameters"] == {"proxy": "files/a/b.pdf"}


def test_invoke_http_refuses_what_api_gateway_refuses(endpoint: str) -> None:
    function = deploy(endpoint, bundle(echo=ECHO), "echo.handler")
    api_id = rest_api(endpoint, function["FunctionArn"], ["/tickets"])

    # no permission for API Gateway to invoke the function yet
    assert lambda_runtime.invoke_http(endpoint, api_id, "GET", "/tickets")[0] == 500
    allow_api_gateway(endpoint, function["FunctionName"], api_id)
    assert lambda_runtime.invoke_http(endpoint, api_id, "GET", "/tickets")[0] == 201
    assert lambda_runtime.invoke_http(endpoint, api_id, "GET", "/nowhere")[0] == 403
    assert lambda_runtime.invoke_http(endpoint, api_id, "GET", "/tickets", stage="prod")[0] == 403


# Cognito CUSTOM_AUTH

TRIGGER_CODE = """
    def define(event, context):
        session = event["request"]["session"]
        response = event["response"]
        response.update(issueTokens=False, failAuthentication=False)
        if event["request"].get("userNotFound"):
            response["failAuthentication"] = True
        elif session and session[-1]["challengeResult"] is True:
            response["issueTokens"] = True
        elif len(session) >= 3:
            response["failAuthentication"] = True
        else:
            response["challengeName"] = "CUSTOM_CHALLENGE"
        return event


    def create(event, context):
        event["response"] = {
            "publicChallengeParameters": {
                "round": str(len(event["request"]["session"])),
                "trigger": event["triggerSource"],
                "client": event["callerContext"]["clientId"],
                "email": event["request"]["userAttributes"].get("email", ""),
            },
            "privateChallengeParameters": {"answer": "123456"},
            "challengeMetadata": "CODE",
        }
        return event


    def verify(event, context):
        request = event["request"]
        expected = request["privateChallengeParameters"]["answer"]
        event["response"]["answerCorrect"] = request["challengeAnswer"] == expected
        return event
"""


@pytest.fixture(scope="module")
def pool(endpoint: str) -> dict[str, str]:
    code = bundle(triggers=TRIGGER_CODE)
    arns = {name: deploy(endpoint, code, f"triggers.{name}")["FunctionArn"] for name in ("define", "create", "verify")}
    cognito = client(endpoint, "cognito-idp")
    pool_id = cognito.create_user_pool(PoolName="customers")["UserPool"]["Id"]
    cognito.update_user_pool(
        UserPoolId=pool_id,
        LambdaConfig={
            "DefineAuthChallenge": arns["define"],
            "CreateAuthChallenge": arns["create"],
            "VerifyAuthChallengeResponse": arns["verify"],
        },
    )
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="portal",
        ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        AuthSessionValidity=3,
    )["UserPoolClient"]["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id}


def new_customer(endpoint: str, pool: dict[str, str]) -> str:
    username = f"customer-{uuid.uuid4().hex[:8]}"
    client(endpoint, "cognito-idp").admin_create_user(
        UserPoolId=pool["pool_id"],
        Username=username,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        MessageAction="SUPPRESS",
    )
    return username


def start(endpoint: str, pool: dict[str, str], username: str) -> dict[str, Any]:
    reply: dict[str, Any] = client(endpoint, "cognito-idp").initiate_auth(
        ClientId=pool["client_id"], AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": username}
    )
    return reply


def answer(endpoint: str, pool: dict[str, str], username: str, session: str, code: str) -> dict[str, Any]:
    reply: dict[str, Any] = client(endpoint, "cognito-idp").respond_to_auth_challenge(
        ClientId=pool["client_id"],
        ChallengeName="CUSTOM_CHALLENGE",
        Session=session,
        ChallengeResponses={"USERNAME": username, "ANSWER": code},
    )
    return reply


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_custom_auth_runs_the_triggers_to_tokens(endpoint: str, pool: dict[str, str]) -> None:
    username = new_customer(endpoint, pool)

    first = start(endpoint, pool, username)
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["ChallengeParameters"] == {
        "USERNAME": username,
        "round": "0",
        "trigger": "CreateAuthChallenge_Authentication",
        "client": pool["client_id"],
        "email": f"{username}@example.com",
    }

    wrong = answer(endpoint, pool, username, first["Session"], "000000")
    assert wrong["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert wrong["Session"] != first["Session"]
    assert wrong["ChallengeParameters"]["round"] == "1"

    right = answer(endpoint, pool, username, wrong["Session"], "123456")
    tokens = right["AuthenticationResult"]
    user = client(endpoint, "cognito-idp").get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"] == username
    refreshed = client(endpoint, "cognito-idp").initiate_auth(
        ClientId=pool["client_id"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
    )
    assert refreshed["AuthenticationResult"]["AccessToken"]

    # a session string is single use
    with pytest.raises(ClientError) as used:
        answer(endpoint, pool, username, first["Session"], "123456")
    assert error_code(used) == "NotAuthorizedException"


def test_admin_initiate_auth_runs_the_same_loop(endpoint: str, pool: dict[str, str]) -> None:
    username = new_customer(endpoint, pool)
    cognito = client(endpoint, "cognito-idp")

    challenge = cognito.admin_initiate_auth(
        UserPoolId=pool["pool_id"],
        ClientId=pool["client_id"],
        AuthFlow="CUSTOM_AUTH",
        AuthParameters={"USERNAME": username},
    )
    reply = cognito.admin_respond_to_auth_challenge(
        UserPoolId=pool["pool_id"],
        ClientId=pool["client_id"],
        ChallengeName="CUSTOM_CHALLENGE",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, "ANSWER": "123456"},
    )

    assert cognito.get_user(AccessToken=reply["AuthenticationResult"]["AccessToken"])["Username"] == username


def test_three_wrong_answers_fail_the_sign_in(endpoint: str, pool: dict[str, str]) -> None:
    username = new_customer(endpoint, pool)
    session = start(endpoint, pool, username)["Session"]
    session = answer(endpoint, pool, username, session, "1")["Session"]
    session = answer(endpoint, pool, username, session, "2")["Session"]

    with pytest.raises(ClientError) as refused:
        answer(endpoint, pool, username, session, "3")

    assert error_code(refused) == "NotAuthorizedException"
    assert "Incorrect username or password" in refused.value.response["Error"]["Message"]


def test_an_unknown_user_is_not_authorized(endpoint: str, pool: dict[str, str]) -> None:
    with pytest.raises(ClientError) as refused:
        start(endpoint, pool, "nobody-at-all")

    assert error_code(refused) == "NotAuthorizedException"


def test_a_session_expires_after_the_clients_validity(endpoint: str, pool: dict[str, str], clock: Clock) -> None:
    username = new_customer(endpoint, pool)
    session = start(endpoint, pool, username)["Session"]
    clock.offset += 3 * 60 + 1
    try:
        with pytest.raises(ClientError) as expired:
            answer(endpoint, pool, username, session, "123456")
    finally:
        clock.offset = 0.0

    assert error_code(expired) == "NotAuthorizedException"
    assert "expired" in expired.value.response["Error"]["Message"]
