"""The deploy script's steps, run against moto where moto can take them.

Not checked here (moto cannot): the Cognito pool and CloudFront through CloudFormation,
`chalice deploy` itself, and the CloudFront invalidation. cfn-lint checks both templates.
"""

import io
import json
import zipfile
from pathlib import Path

import boto3
import yaml

from infra.deploy import deploy_order
from infra.outputs import live_api_outputs, live_endpoint, policy_values
from infra.policies import ON_FAILURE_DESTINATIONS, fill, statements, templates
from infra.policies import load as load_policy
from infra.records import deployed_functions, recovered_record, websocket_api
from infra.stacks import deploy_stack
from infra.steps import (
    configure_chalice_stage,
    event_source_settings,
    point_links_at,
    publish_web,
    tune_event_sources,
    wire_triggers,
)
from infra.template import load

MOTO_CLOUDFORMATION_TYPES = {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue"}


def _data_stores_only() -> str:
    """The stateful template cut to what moto's CloudFormation implements."""
    template = load()
    template["Resources"] = {k: v for k, v in template["Resources"].items() if v["Type"] in MOTO_CLOUDFORMATION_TYPES}
    kept = {"TableName", "DocumentsBucketName", "NotificationsQueueUrl", "NotificationsDeadLetterQueueUrl"}
    template["Outputs"] = {k: v for k, v in template["Outputs"].items() if k in kept}
    return yaml.safe_dump(template)


def test_the_stateful_stack_deploys_its_table_bucket_and_queues(aws: boto3.session.Session) -> None:
    cfn = aws.client("cloudformation")
    params = {"Stage": "dev", "WebOrigin": "https://portal.example.com"}

    template = _data_stores_only()
    declared = yaml.safe_load(template)["Parameters"]
    outputs = deploy_stack(cfn, "portal-dev", template, declared, params)
    again = deploy_stack(cfn, "portal-dev", template, declared, params)  # a second deploy updates in place

    assert outputs == again
    table = aws.client("dynamodb").describe_table(TableName=outputs["TableName"])["Table"]
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["gsi1", "gsi2", "gsi3"]
    assert outputs["TableName"] == "portal-dev-portal"
    sqs = aws.client("sqs")
    redrive = json.loads(
        sqs.get_queue_attributes(QueueUrl=outputs["NotificationsQueueUrl"], AttributeNames=["RedrivePolicy"])[
            "Attributes"
        ]["RedrivePolicy"]
    )
    assert redrive["maxReceiveCount"] == 3
    assert redrive["deadLetterTargetArn"].endswith(":portal-dev-notifications-dlq")
    aws.client("s3").head_bucket(Bucket=outputs["DocumentsBucketName"])


def test_the_outputs_become_the_chalice_stage_environment(tmp_path: Path) -> None:
    (tmp_path / ".chalice").mkdir()
    (tmp_path / ".chalice" / "config.json").write_text(json.dumps({"version": "2.0", "stages": {"dev": {}}}))

    configure_chalice_stage(tmp_path, "dev", {"TABLE_NAME": "portal-dev-portal"})

    config = json.loads((tmp_path / ".chalice" / "config.json").read_text())
    assert config["stages"]["dev"]["environment_variables"] == {"TABLE_NAME": "portal-dev-portal"}


def test_deployed_functions_are_read_from_chalices_record() -> None:
    record = {
        "resources": [
            {"name": "api_handler", "resource_type": "lambda_function", "lambda_arn": "arn:api"},
            {"name": "define_auth_challenge", "resource_type": "lambda_function", "lambda_arn": "arn:define"},
            {"name": "rest_api", "resource_type": "rest_api", "rest_api_id": "abc123"},
        ]
    }
    assert deployed_functions(record) == {
        "api_handler": "arn:api",
        "define_auth_challenge": "arn:define",
        "rest_api_id": "abc123",
    }
    assert websocket_api(record) is None


WEBSOCKET_URL = "wss://ws4567890a.execute-api.eu-west-1.amazonaws.com/api/"


def test_the_websocket_api_is_read_from_the_notifications_record_as_the_functions_and_policies_name_it() -> None:
    record = {
        "resources": [
            {"name": "websocket_connect", "resource_type": "lambda_function", "lambda_arn": "arn:connect"},
            {
                "name": "websocket_api",
                "resource_type": "websocket_api",
                "websocket_api_id": "ws4567890a",
                "websocket_api_url": WEBSOCKET_URL,
            },
            {"name": "rest_api", "resource_type": "rest_api", "rest_api_id": "abc123"},
        ]
    }

    found = websocket_api(record)

    assert found == {"websocket_api_id": "ws4567890a", "websocket_api_url": WEBSOCKET_URL}
    endpoint = live_endpoint(WEBSOCKET_URL)
    assert endpoint == "https://ws4567890a.execute-api.eu-west-1.amazonaws.com/api"  # settings.live_endpoint
    assert live_api_outputs(endpoint) == {"LiveApiId": "ws4567890a", "LiveApiStage": "api"}
    assert deployed_functions(record) == {"websocket_connect": "arn:connect", "rest_api_id": "abc123"}
    assert deploy_order()[0] == "notifications"  # its WebSocket API is known before any other app deploys


def test_the_live_functions_policies_name_this_stages_websocket_api_once_it_exists(
    stack_outputs: dict[str, str],
) -> None:
    """A first deploy's live functions can name no API yet: no connection grant, nothing wider;
    the deploy that made the API deploys them again naming it (infra/deploy.py)."""
    outputs = {k: v for k, v in stack_outputs.items() if not k.startswith("Live")}
    live = {"LiveApiId": "ws4567890a", "LiveApiStage": "api"}
    for function, path in templates("notifications").items():
        before = fill(load_policy(path), policy_values(outputs, stage="dev"))
        after = fill(load_policy(path), policy_values({**outputs, **live}, stage="dev"))

        connections = [s["Resource"] for s in statements(after) if s["Action"] == ["execute-api:ManageConnections"]]
        assert not [s for s in statements(before) if "execute-api:ManageConnections" in s["Action"]], function
        assert [s for s in statements(after) if "execute-api:ManageConnections" not in s["Action"]] == statements(
            before
        ), function
        if function == "push_live":
            assert connections == [
                [
                    "arn:aws:execute-api:us-east-1:123456789012:ws4567890a/api/POST/@connections/*",
                    "arn:aws:execute-api:us-east-1:123456789012:ws4567890a/api/DELETE/@connections/*",
                ]
            ]
        elif function.startswith("websocket_"):
            assert connections == [["arn:aws:execute-api:us-east-1:123456789012:ws4567890a/api/POST/@connections/*"]]
        else:
            assert connections == [], function


def _websocket_api(aws: boto3.session.Session, name: str, staged: bool) -> str:
    v2 = aws.client("apigatewayv2")
    api_id = str(
        v2.create_api(Name=name, ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    )
    if staged:
        v2.create_stage(ApiId=api_id, StageName="api")
    return api_id


def test_a_websocket_api_a_cut_short_deploy_made_is_recovered_or_if_never_staged_deleted(
    aws: boto3.session.Session,
) -> None:
    clients = (aws.client("apigateway"), aws.client("lambda"))
    staged = _websocket_api(aws, "portal-notifications-dev-websocket-api", staged=True)
    _websocket_api(aws, "portal-notifications-prod-websocket-api", staged=False)

    dev = recovered_record(*clients, "notifications", "dev", {}, aws.client("apigatewayv2"))
    prod = recovered_record(*clients, "notifications", "prod", {}, aws.client("apigatewayv2"))

    assert websocket_api(dev) == {
        "websocket_api_id": staged,
        "websocket_api_url": f"wss://{staged}.execute-api.us-east-1.amazonaws.com/api/",
    }
    assert prod is None  # its stage was never made: Chalice's update would not make it either
    assert [a["Name"] for a in aws.client("apigatewayv2").get_apis()["Items"]] == [
        "portal-notifications-dev-websocket-api"
    ]


def _lambda_function(aws: boto3.session.Session, name: str) -> str:
    role = aws.client("iam").create_role(
        RoleName=f"{name}-role",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    return aws.client("lambda").create_function(
        FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler", Code={"ZipFile": code.getvalue()}
    )["FunctionArn"]


def test_the_sign_in_triggers_are_wired_and_may_be_invoked_by_cognito(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    functions = {name: _lambda_function(aws, name) for name in ("define_auth_challenge", "create_auth_challenge")}
    functions["verify_auth_challenge"] = _lambda_function(aws, "verify_auth_challenge")
    cognito = aws.client("cognito-idp")
    pool_id = stack_outputs["UserPoolId"]

    wired = wire_triggers(cognito, aws.client("lambda"), pool_id, functions)
    wire_triggers(cognito, aws.client("lambda"), pool_id, functions)  # a redeploy replaces, not duplicates

    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["LambdaConfig"]["DefineAuthChallenge"] == functions["define_auth_challenge"]
    assert pool["LambdaConfig"]["VerifyAuthChallengeResponse"] == functions["verify_auth_challenge"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True  # not reset by the update
    assert set(wired) == {"DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse"}
    policy = json.loads(aws.client("lambda").get_policy(FunctionName="create_auth_challenge")["Policy"])
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "cognito-idp.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == pool["Arn"]


def test_the_batch_fed_functions_report_partial_failures_and_the_relay_cannot_stall(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    """What Chalice cannot set on the mappings it creates, the deploy sets after it, once."""
    lambda_client = aws.client("lambda")
    consumer = _lambda_function(aws, "deliver_notifications")
    relay = _lambda_function(aws, "relay_events")
    queue = lambda_client.create_event_source_mapping(
        EventSourceArn=stack_outputs["NotificationsQueueArn"], FunctionName=consumer, BatchSize=10
    )
    stream = lambda_client.create_event_source_mapping(
        EventSourceArn=stack_outputs["TableStreamArn"], FunctionName=relay, StartingPosition="LATEST"
    )
    pushes = _lambda_function(aws, "push_live")
    live = lambda_client.create_event_source_mapping(
        EventSourceArn=stack_outputs["TableStreamArn"], FunctionName=pushes, StartingPosition="LATEST"
    )
    functions = {"deliver_notifications": consumer, "relay_events": relay, "push_live": pushes, "other": "arn:unused"}
    dlq = stack_outputs["NotificationsDeadLetterQueueArn"]

    changed = tune_event_sources(lambda_client, functions, dlq)
    again = tune_event_sources(lambda_client, functions, dlq)  # a redeploy changes nothing

    assert sorted(changed) == sorted([queue["UUID"], stream["UUID"], live["UUID"]])
    assert again == []
    assert lambda_client.get_event_source_mapping(UUID=queue["UUID"])["FunctionResponseTypes"] == [
        "ReportBatchItemFailures"
    ]
    relayed = lambda_client.get_event_source_mapping(UUID=stream["UUID"])
    assert relayed["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert relayed["BisectBatchOnFunctionError"] is True
    assert (relayed["MaximumRetryAttempts"], relayed["MaximumRecordAgeInSeconds"]) == (5, 3600)
    assert relayed["DestinationConfig"] == {"OnFailure": {"Destination": dlq}}
    # The live pushes: split and retried briefly, given up after a minute, recorded nowhere
    pushed = lambda_client.get_event_source_mapping(UUID=live["UUID"])
    assert pushed["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert (pushed["BisectBatchOnFunctionError"], pushed["MaximumRetryAttempts"]) == (True, 3)
    assert pushed["MaximumRecordAgeInSeconds"] == 60
    assert not pushed.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")


def test_the_only_on_failure_destination_is_the_one_the_relays_policy_grants() -> None:
    """Lambda sends a mapping's given-up batches with the function's role: what the least-privilege
    check expects of each role (infra.policies.ON_FAILURE_DESTINATIONS) is what the deploy sets."""
    settings = event_source_settings("arn:aws:sqs:us-east-1:123456789012:portal-dev-notifications-dlq")

    destined = {function for function, wanted in settings.items() if "DestinationConfig" in wanted}

    assert destined == set(ON_FAILURE_DESTINATIONS) == {"relay_events"}


def test_links_in_messages_point_at_the_portal_once_cloudfront_exists(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    lambda_client = aws.client("lambda")
    arn = _lambda_function(aws, "deliver_notifications")
    lambda_client.update_function_configuration(
        FunctionName=arn, Environment={"Variables": {"TABLE_NAME": "portal-dev-portal", "PORTAL_URL": ""}}
    )
    functions = {"deliver_notifications": arn, "rest_api_id": "abc123"}

    first = point_links_at(lambda_client, functions, "https://d111.cloudfront.net")
    again = point_links_at(lambda_client, functions, "https://d111.cloudfront.net")

    variables = lambda_client.get_function_configuration(FunctionName=arn)["Environment"]["Variables"]
    assert variables == {"TABLE_NAME": "portal-dev-portal", "PORTAL_URL": "https://d111.cloudfront.net"}
    assert (first, again) == (["deliver_notifications"], [])


def test_without_triggers_in_the_app_nothing_is_wired(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    wired = wire_triggers(aws.client("cognito-idp"), aws.client("lambda"), stack_outputs["UserPoolId"], {})

    assert wired == {}


def test_web_is_published_with_types_and_its_runtime_config(aws: boto3.session.Session) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="portal-dev-web")

    keys = publish_web(s3, "portal-dev-web", {"businessName": "Test Traders", "stage": "dev"})

    assert {"index.html", "js/app.js", "i18n/fi.json", "config.json"} <= set(keys)
    index = s3.get_object(Bucket="portal-dev-web", Key="index.html")
    assert index["ContentType"] == "text/html"
    config = json.loads(s3.get_object(Bucket="portal-dev-web", Key="config.json")["Body"].read())
    assert config["businessName"] == "Test Traders"
