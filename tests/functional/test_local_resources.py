"""The local stack's resources are the template's resources (one source of truth)."""

import json
from typing import Any

import boto3

from infra.outputs import LIVE_API_OUTPUTS, POLICY_OUTPUTS
from infra.template import load


def _template_resource(logical_id: str) -> dict[str, Any]:
    properties: dict[str, Any] = load()["Resources"][logical_id]["Properties"]
    return properties


def test_the_table_has_the_template_keys_indexes_ttl_and_stream(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    dynamodb = aws.client("dynamodb")
    expected = _template_resource("PortalTable")

    table = dynamodb.describe_table(TableName=stack_outputs["TableName"])["Table"]

    assert table["KeySchema"] == expected["KeySchema"]
    assert sorted(table["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == sorted(
        expected["AttributeDefinitions"], key=lambda a: a["AttributeName"]
    )
    assert {(i["IndexName"], json.dumps(i["KeySchema"])) for i in table["GlobalSecondaryIndexes"]} == {
        (i["IndexName"], json.dumps(i["KeySchema"])) for i in expected["GlobalSecondaryIndexes"]
    }
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    ttl = dynamodb.describe_time_to_live(TableName=stack_outputs["TableName"])["TimeToLiveDescription"]
    assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "expires_at")
    assert stack_outputs["TableStreamArn"] == table["LatestStreamArn"]


def test_the_queue_sends_to_its_dead_letter_queue_after_the_template_count(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    sqs = aws.client("sqs")
    expected = _template_resource("NotificationsQueue")

    attributes = sqs.get_queue_attributes(QueueUrl=stack_outputs["NotificationsQueueUrl"], AttributeNames=["All"])[
        "Attributes"
    ]
    dlq_arn = sqs.get_queue_attributes(
        QueueUrl=stack_outputs["NotificationsDeadLetterQueueUrl"], AttributeNames=["QueueArn"]
    )["Attributes"]["QueueArn"]

    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": expected["RedrivePolicy"]["maxReceiveCount"]}
    assert attributes["VisibilityTimeout"] == str(expected["VisibilityTimeout"])


def test_the_documents_bucket_is_private_encrypted_and_allows_browser_posts(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    s3 = aws.client("s3")
    bucket = stack_outputs["DocumentsBucketName"]

    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    cors = s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]

    assert all(block.values())
    assert encryption["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert "POST" in cors["AllowedMethods"]
    assert cors["AllowedOrigins"] == ["http://127.0.0.1:8000"]


def test_the_user_pool_is_admin_only_with_a_custom_auth_client(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    cognito = aws.client("cognito-idp")
    pool_id = stack_outputs["UserPoolId"]

    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    app_client = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=stack_outputs["UserPoolClientId"])[
        "UserPoolClient"
    ]
    groups = [g["GroupName"] for g in cognito.list_groups(UserPoolId=pool_id)["Groups"]]

    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert app_client["ExplicitAuthFlows"] == ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert app_client["PreventUserExistenceErrors"] == "ENABLED"
    assert groups == ["staff"]


def test_the_stack_answers_every_resource_a_policy_names_but_the_websocket_api(
    stack_outputs: dict[str, str],
) -> None:
    """The WebSocket API is made by `chalice deploy`, not the stack: the deploy (and the tests, for
    moto's management API) add what the policies name it by to the outputs."""
    assert set(POLICY_OUTPUTS) <= set(stack_outputs)
    assert not set(LIVE_API_OUTPUTS) & set(load()["Outputs"])
