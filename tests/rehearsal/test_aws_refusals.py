"""The AWS behaviours `aws_refusals.installed()` gives a moto server, seen through boto3."""

import io
import json
import socket
import time
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.awslambda.models import LambdaBackend
from moto.server import ThreadedMotoServer

from tests.rehearsal import aws_refusals

REGION = "us-east-1"

Clients = Callable[[str], Any]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def aws() -> Iterator[Clients]:
    """boto3 clients for a moto server answering with the refusals installed.

    Mappings settle by reads only here (an hour's clock), so the tests see each state.
    """
    with aws_refusals.installed(settle_seconds=3600):
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        endpoint_url = f"http://{host}:{port}"

        def client(service: Any) -> Any:
            return boto3.client(
                service,
                endpoint_url=endpoint_url,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )

        try:
            yield client
        finally:
            server.stop()


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = exc.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def _code_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lambda_function.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def role_arn(aws: Clients) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = aws("iam").create_role(RoleName="rehearsal-lambda", AssumeRolePolicyDocument=json.dumps(trust))
    arn: str = role["Role"]["Arn"]
    return arn


def _create_function(aws: Clients, role_arn: str, name: str, variables: dict[str, str] | None = None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "FunctionName": name,
        "Runtime": "python3.11",
        "Role": role_arn,
        "Handler": "lambda_function.handler",
        "Code": {"ZipFile": _code_zip()},
    }
    if variables is not None:
        kwargs["Environment"] = {"Variables": variables}
    function: dict[str, Any] = aws("lambda").create_function(**kwargs)
    return function


def _queue_arn(aws: Clients, name: str) -> str:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return arn


def test_create_function_refuses_a_reserved_environment_key(aws: Clients, role_arn: str) -> None:
    with pytest.raises(ClientError) as refused:
        _create_function(aws, role_arn, "reserved-on-create", {"AWS_DEFAULT_REGION": "us-east-1", "TABLE": "t"})

    code, message, status = _error(refused)
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message.endswith("Reserved keys used in this request: AWS_DEFAULT_REGION")
    with pytest.raises(ClientError):
        aws("lambda").get_function(FunctionName="reserved-on-create")


def test_create_function_with_a_clean_environment_is_created(aws: Clients, role_arn: str) -> None:
    _create_function(aws, role_arn, "clean-env", {"TABLE_NAME": "orders"})

    configuration = aws("lambda").get_function_configuration(FunctionName="clean-env")
    assert configuration["Environment"]["Variables"] == {"TABLE_NAME": "orders"}


def test_update_function_configuration_refuses_reserved_keys(aws: Clients, role_arn: str) -> None:
    _create_function(aws, role_arn, "reserved-on-update", {"TABLE_NAME": "orders"})

    with pytest.raises(ClientError) as refused:
        aws("lambda").update_function_configuration(
            FunctionName="reserved-on-update",
            Environment={"Variables": {"AWS_REGION": "eu-west-1", "AWS_SESSION_TOKEN": "x"}},
        )

    code, message, _ = _error(refused)
    assert code == "InvalidParameterValueException"
    assert message.endswith("Reserved keys used in this request: AWS_REGION, AWS_SESSION_TOKEN")
    configuration = aws("lambda").get_function_configuration(FunctionName="reserved-on-update")
    assert configuration["Environment"]["Variables"] == {"TABLE_NAME": "orders"}


def test_every_reserved_key_is_refused(aws: Clients, role_arn: str) -> None:
    _create_function(aws, role_arn, "each-reserved-key")

    refused = set()
    for key in aws_refusals.reserved_lambda_keys():
        with pytest.raises(ClientError) as error:
            aws("lambda").update_function_configuration(
                FunctionName="each-reserved-key", Environment={"Variables": {key: "1"}}
            )
        refused.add(error.value.response["Error"]["Message"].rsplit(": ", 1)[1])

    # AWS docs, "Defined runtime environment variables".
    assert refused == {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }


def test_a_second_mapping_for_the_same_queue_is_refused_naming_the_first(aws: Clients, role_arn: str) -> None:
    function_arn = _create_function(aws, role_arn, "queue-consumer")["FunctionArn"]
    queue_arn = _queue_arn(aws, "orders-events")
    first = aws("lambda").create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="queue-consumer")

    with pytest.raises(ClientError) as refused:
        # By ARN this time: AWS compares the function, not how it was named.
        aws("lambda").create_event_source_mapping(EventSourceArn=queue_arn, FunctionName=function_arn)

    code, message, status = _error(refused)
    assert (code, status) == ("ResourceConflictException", 409)
    assert message == (
        f'An event source mapping with SQS arn (" {queue_arn} ") and function (" queue-consumer ") already exists.'
        f" Please update or delete the existing mapping with UUID {first['UUID']}"
    )
    assert len(aws("lambda").list_event_source_mappings(EventSourceArn=queue_arn)["EventSourceMappings"]) == 1


def test_a_second_mapping_for_the_same_stream_is_refused(aws: Clients, role_arn: str) -> None:
    _create_function(aws, role_arn, "stream-consumer")
    table = aws("dynamodb").create_table(
        TableName="outbox",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    stream_arn = table["TableDescription"]["LatestStreamArn"]
    spec = {"EventSourceArn": stream_arn, "FunctionName": "stream-consumer", "StartingPosition": "LATEST"}
    first = aws("lambda").create_event_source_mapping(**spec)

    with pytest.raises(ClientError) as refused:
        aws("lambda").create_event_source_mapping(**spec)

    code, message, status = _error(refused)
    assert (code, status) == ("ResourceConflictException", 409)
    assert f'(" {stream_arn} ")' in message
    assert message.endswith(f"existing mapping with UUID {first['UUID']}")


def test_a_new_mapping_is_creating_and_refuses_updates_until_enabled(aws: Clients, role_arn: str) -> None:
    _create_function(aws, role_arn, "settling-consumer")
    queue_arn = _queue_arn(aws, "settling-events")
    lambda_client = aws("lambda")
    mapping = lambda_client.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="settling-consumer")
    uuid = mapping["UUID"]
    assert mapping["State"] == "Creating"

    with pytest.raises(ClientError) as refused:
        lambda_client.update_event_source_mapping(UUID=uuid, BatchSize=5)
    assert _error(refused) == (
        "ResourceInUseException",
        "Cannot update the event source mapping because it is in use.",
        400,
    )

    states = [lambda_client.get_event_source_mapping(UUID=uuid)["State"] for _ in range(3)]
    assert states == ["Creating", "Creating", "Enabled"]

    updated = lambda_client.update_event_source_mapping(UUID=uuid, BatchSize=5)
    assert (updated["State"], updated["BatchSize"]) == ("Updating", 5)
    with pytest.raises(ClientError) as refused_again:
        lambda_client.update_event_source_mapping(UUID=uuid, BatchSize=7)
    assert _error(refused_again)[0] == "ResourceInUseException"

    listed = [
        lambda_client.list_event_source_mappings(FunctionName="settling-consumer")["EventSourceMappings"][0]["State"]
        for _ in range(3)
    ]
    assert listed == ["Updating", "Updating", "Enabled"]


def test_a_mapping_cannot_be_deleted_while_creating(aws: Clients, role_arn: str) -> None:
    _create_function(aws, role_arn, "deleted-consumer")
    queue_arn = _queue_arn(aws, "deleted-events")
    lambda_client = aws("lambda")
    uuid = lambda_client.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="deleted-consumer")["UUID"]

    with pytest.raises(ClientError) as refused:
        lambda_client.delete_event_source_mapping(UUID=uuid)
    assert _error(refused)[0] == "ResourceInUseException"

    while lambda_client.get_event_source_mapping(UUID=uuid)["State"] == "Creating":
        pass  # settles on the third read
    assert lambda_client.delete_event_source_mapping(UUID=uuid)["State"] == "Deleting"
    assert lambda_client.list_event_source_mappings(EventSourceArn=queue_arn)["EventSourceMappings"] == []


def test_a_mapping_nobody_reads_settles_after_settle_seconds() -> None:
    lifecycle = aws_refusals.EventSourceMappingLifecycle(settle_seconds=0.05)
    lifecycle.begin("mapping", "Creating")
    assert lifecycle.transitional_state("mapping") == "Creating"

    time.sleep(0.1)

    assert lifecycle.transitional_state("mapping") is None
    lifecycle.refuse_while_in_transition("mapping")


def test_describe_user_pool_returns_both_validity_fields_and_refuses_them_back(aws: Clients) -> None:
    cognito = aws("cognito-idp")
    # A PasswordPolicy without TemporaryPasswordValidityDays: moto drops the field, AWS reports 7.
    pool_id = cognito.create_user_pool(PoolName="portal", Policies={"PasswordPolicy": {"MinimumLength": 12}})[
        "UserPool"
    ]["Id"]

    described = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert described["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"] == 7
    assert described["AdminCreateUserConfig"]["UnusedAccountValidityDays"] == 7

    with pytest.raises(ClientError) as refused:
        cognito.update_user_pool(
            UserPoolId=pool_id,
            Policies=described["Policies"],
            AdminCreateUserConfig=described["AdminCreateUserConfig"],
        )
    assert _error(refused) == (
        "InvalidParameterException",
        "Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays",
        400,
    )

    password_policy = {**described["Policies"]["PasswordPolicy"], "TemporaryPasswordValidityDays": 3}
    cognito.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": password_policy})
    after = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert after["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"] == 3


def test_create_stack_refuses_an_existing_name_as_aws_words_it(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    template = json.dumps({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}})
    cloudformation.create_stack(StackName="portal-stateful", TemplateBody=template)

    with pytest.raises(ClientError) as refused:
        cloudformation.create_stack(StackName="portal-stateful", TemplateBody=template)

    assert _error(refused)[:2] == ("AlreadyExistsException", "Stack [portal-stateful] already exists")


def test_delete_bucket_with_only_object_versions_left_is_refused_by_moto_itself(aws: Clients) -> None:
    # No patch: this guards the claim that moto already refuses as S3 does.
    s3 = aws("s3")
    s3.create_bucket(Bucket="portal-documents")
    s3.put_bucket_versioning(Bucket="portal-documents", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="portal-documents", Key="invoice.pdf", Body=b"%PDF")
    s3.delete_object(Bucket="portal-documents", Key="invoice.pdf")

    with pytest.raises(ClientError) as refused:
        s3.delete_bucket(Bucket="portal-documents")

    assert _error(refused)[0] == "BucketNotEmpty"


def _swagger(path: str, function_arn: str) -> dict[str, Any]:
    """A Swagger 2.0 document shaped like `chalice deploy`'s: no info.description."""
    uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    return {
        "swagger": "2.0",
        "info": {"version": "1.0", "title": "orders"},
        "schemes": ["https"],
        "paths": {
            path: {
                "get": {
                    "consumes": ["application/json"],
                    "produces": ["application/json"],
                    "responses": {"200": {"description": "200 response", "schema": {"$ref": "#/definitions/Empty"}}},
                    "x-amazon-apigateway-integration": {
                        "responses": {"default": {"statusCode": "200"}},
                        "uri": uri,
                        "passthroughBehavior": "when_no_match",
                        "httpMethod": "POST",
                        "contentHandling": "CONVERT_TO_TEXT",
                        "type": "aws_proxy",
                    },
                }
            }
        },
        "definitions": {"Empty": {"type": "object", "title": "Empty Schema"}},
    }


def _methods_by_path(apigateway: Any, api_id: str) -> dict[str, set[str]]:
    resources = apigateway.get_resources(restApiId=api_id)["items"]
    return {resource["path"]: set(resource.get("resourceMethods", {})) for resource in resources}


def test_import_and_put_rest_api_accept_swagger_2(aws: Clients, role_arn: str) -> None:
    function_arn = _create_function(aws, role_arn, "orders-api")["FunctionArn"]
    apigateway = aws("apigateway")

    api_id = apigateway.import_rest_api(body=json.dumps(_swagger("/orders", function_arn)))["id"]

    assert _methods_by_path(apigateway, api_id)["/orders"] == {"GET"}
    orders = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/orders")
    integration = apigateway.get_integration(restApiId=api_id, resourceId=orders["id"], httpMethod="GET")
    # AWS answers "AWS_PROXY"; moto echoes the document's case, as it does for OpenAPI 3.
    assert (integration["type"].upper(), integration["httpMethod"]) == ("AWS_PROXY", "POST")

    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(_swagger("/invoices", function_arn)))

    paths = _methods_by_path(apigateway, api_id)
    assert paths.get("/invoices") == {"GET"}
    assert "/orders" not in paths


def _websocket_api(aws: Clients, name: str) -> tuple[Any, str, str]:
    """A WebSocket API as `chalice deploy` starts one: the API and a Lambda proxy integration."""
    v2 = aws("apigatewayv2")
    api_id = v2.create_api(Name=name, ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")[
        "ApiId"
    ]
    function = "arn:aws:lambda:us-east-1:123456789012:function:f"
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function}/invocations"
    integration = v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=uri)["IntegrationId"]
    return v2, api_id, integration


def test_a_websocket_api_is_deployed_once_it_has_a_route_and_its_stage_serves_that_deployment(aws: Clients) -> None:
    v2, api_id, integration = _websocket_api(aws, "portal-notifications-dev-websocket-api")
    with pytest.raises(ClientError) as empty:
        v2.create_deployment(ApiId=api_id)
    v2.create_route(ApiId=api_id, RouteKey="$connect", Target=f"integrations/{integration}")

    deployment = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.create_stage(ApiId=api_id, StageName="api", DeploymentId=deployment)

    assert _error(empty) == ("BadRequestException", "At least one route is required before deploying the Api.", 400)
    assert [d["DeploymentId"] for d in v2.get_deployments(ApiId=api_id)["Items"]] == [deployment]
    assert v2.get_stage(ApiId=api_id, StageName="api")["DeploymentId"] == deployment


def test_a_websocket_api_refuses_a_second_route_key_a_second_stage_and_a_stage_of_no_deployment(aws: Clients) -> None:
    v2, api_id, integration = _websocket_api(aws, "portal-notifications-prod-websocket-api")
    v2.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration}")
    deployment = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.create_stage(ApiId=api_id, StageName="api", DeploymentId=deployment)

    with pytest.raises(ClientError) as second_route:
        v2.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration}")
    with pytest.raises(ClientError) as second_stage:
        v2.create_stage(ApiId=api_id, StageName="api", DeploymentId=deployment)
    with pytest.raises(ClientError) as no_deployment:
        v2.create_stage(ApiId=api_id, StageName="other", DeploymentId="missing")

    assert _error(second_route) == ("ConflictException", "Route with key $default already exists for this API", 409)
    assert _error(second_stage) == ("ConflictException", "Stage already exists", 409)
    assert _error(no_deployment)[::2] == ("NotFoundException", 404)
    assert [s["StageName"] for s in v2.get_stages(ApiId=api_id)["Items"]] == ["api"]


def test_leaving_installed_restores_moto() -> None:
    original = LambdaBackend.create_function

    with aws_refusals.installed():
        assert LambdaBackend.create_function is not original

    assert LambdaBackend.create_function is original
