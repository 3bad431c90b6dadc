"""The portal's templates deployed to a moto server with `installed()`, checked through boto3.

The first four tests follow one life: the stateful stack is made, updated, the edge stack is made,
then both are deleted; they share module-scoped stacks and run in file order. The deletion policy
tests that follow each use a stack of their own.
"""

import json
import socket
import string
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from botocore.exceptions import ClientError, WaiterError
from moto.server import ThreadedMotoServer

from tests.rehearsal.cloudformation_types import installed, response_headers_policy

INFRA = Path(__file__).resolve().parents[2] / "infra"
STATEFUL = (INFRA / "stateful.yaml").read_text()
EDGE = (INFRA / "edge.yaml").read_text()
STAGE_PARAMETERS = {"Stage": "dev", "WebOrigin": "https://portal.example.com"}
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]

Clients = Callable[[str], Any]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _reset(endpoint: str) -> None:
    # moto's backends live in this process: leave nothing behind for other test modules.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))  # noqa: S310


@pytest.fixture(scope="module")
def aws() -> Iterator[Clients]:
    """boto3 clients against a moto server started with the portal's resource types installed."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with installed(endpoint):
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        _reset(endpoint)
        try:
            yield lambda service: boto3.client(
                service,
                endpoint_url=endpoint,
                region_name="us-east-1",
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
        finally:
            _reset(endpoint)
            server.stop()


def _parameters(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"ParameterKey": key, "ParameterValue": value} for key, value in values.items()]


def _stack(aws: Clients, name: str) -> dict[str, Any]:
    stack: dict[str, Any] = aws("cloudformation").describe_stacks(StackName=name)["Stacks"][0]
    return stack


def _outputs(aws: Clients, name: str) -> dict[str, str]:
    return {output["OutputKey"]: output["OutputValue"] for output in _stack(aws, name).get("Outputs", [])}


def _create(aws: Clients, name: str, body: str, parameters: dict[str, str] | None = None) -> None:
    cfn = aws("cloudformation")
    cfn.create_stack(
        StackName=name, TemplateBody=body, Parameters=_parameters(parameters or {}), Capabilities=CAPABILITIES
    )
    cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5})


def _delete(aws: Clients, name: str) -> None:
    cfn = aws("cloudformation")
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5})


def _resources_of(template: str, resource_type: str) -> dict[str, Any]:
    resources = yaml.safe_load(template)["Resources"]
    return {name: resource for name, resource in resources.items() if resource["Type"] == resource_type}


def _output_of(template: str, logical_id: str) -> str:
    """The output whose value is the resource's Ref."""
    outputs = yaml.safe_load(template)["Outputs"]
    return next(name for name, output in outputs.items() if output["Value"] == {"Ref": logical_id})


def _retained(template: str, logical_id: str) -> bool:
    policy = yaml.safe_load(template)["Resources"][logical_id].get("DeletionPolicy")
    return policy in {"Retain", "RetainExceptOnCreate"}


def _missing(call: Callable[[], Any], code: str) -> bool:
    try:
        call()
    except ClientError as error:
        return bool(error.response["Error"]["Code"] == code)
    return False


@pytest.fixture(scope="module")
def portal_dev(aws: Clients) -> dict[str, str]:
    """The stateful stack portal-dev made from infra/stateful.yaml; its first outputs."""
    required = yaml.safe_load(STATEFUL)["Parameters"]
    assert set(required) == set(STAGE_PARAMETERS), "the template's parameters changed: pass what it requires"
    _create(aws, "portal-dev", STATEFUL, STAGE_PARAMETERS)
    return _outputs(aws, "portal-dev")


@pytest.fixture(scope="module")
def edge_domains(portal_dev: dict[str, str]) -> dict[str, str]:
    """A fake API Gateway domain for every API parameter of infra/edge.yaml, and the stateful
    stack's outputs it takes by name (no custom domain)."""
    parameters = yaml.safe_load(EDGE)["Parameters"]
    apis = {
        name: f"{name.lower()[:10]}.execute-api.us-east-1.amazonaws.com"
        for name in parameters
        if name.endswith("ApiDomain")
    }
    return apis | {name: value for name, value in portal_dev.items() if name in parameters}


@pytest.fixture(scope="module")
def portal_dev_edge(aws: Clients, portal_dev: dict[str, str], edge_domains: dict[str, str]) -> dict[str, str]:
    """The edge stack made from infra/edge.yaml; its outputs."""
    _create(aws, "portal-dev-edge", EDGE, edge_domains)
    return _outputs(aws, "portal-dev-edge")


def test_stateful_stack_makes_every_resource_for_real(aws: Clients, portal_dev: dict[str, str]) -> None:
    # Given the stack made from the unchanged template
    assert _stack(aws, "portal-dev")["StackStatus"] == "CREATE_COMPLETE"
    assert set(portal_dev) == set(yaml.safe_load(STATEFUL)["Outputs"])
    assert all(portal_dev.values())

    # Then the user pool is in Cognito with the template's settings
    pool = aws("cognito-idp").describe_user_pool(UserPoolId=portal_dev["UserPoolId"])["UserPool"]
    assert pool["Arn"] == portal_dev["UserPoolArn"]
    assert pool["Name"] == "portal-dev-users"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 32
    assert pool["Policies"]["PasswordPolicy"]["RequireSymbols"] is False
    assert pool["UsernameConfiguration"] == {"CaseSensitive": True}
    assert pool["DeletionProtection"] == "INACTIVE"
    assert pool["AccountRecoverySetting"]["RecoveryMechanisms"] == [{"Name": "admin_only", "Priority": 1}]
    email = next(attribute for attribute in pool["SchemaAttributes"] if attribute["Name"] == "email")
    assert email["Required"] is True

    # And its app client signs in by custom auth only, with the template's token lifetimes
    client = aws("cognito-idp").describe_user_pool_client(
        UserPoolId=portal_dev["UserPoolId"], ClientId=portal_dev["UserPoolClientId"]
    )["UserPoolClient"]
    assert client["ClientName"] == "portal-dev-web"
    assert set(client["ExplicitAuthFlows"]) == {"ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert (client["AccessTokenValidity"], client["TokenValidityUnits"]["AccessToken"]) == (15, "minutes")
    assert client["AuthSessionValidity"] == 6
    assert "ClientSecret" not in client

    # And the staff group is in the pool
    group = aws("cognito-idp").get_group(UserPoolId=portal_dev["UserPoolId"], GroupName="staff")["Group"]
    assert group["Description"] == "The business's operators."

    # And each generated secret is as long as the template asks, without punctuation; a given one as given
    secrets = aws("secretsmanager")
    generated = []
    for logical_id, resource in _resources_of(STATEFUL, "AWS::SecretsManager::Secret").items():
        value = secrets.get_secret_value(SecretId=portal_dev[_output_of(STATEFUL, logical_id)])["SecretString"]
        recipe = resource["Properties"].get("GenerateSecretString")
        if recipe is None:
            assert value == resource["Properties"]["SecretString"]
            continue
        assert len(value) == recipe["PasswordLength"] == 64
        assert recipe["ExcludePunctuation"] is True
        assert not set(value) & set(string.punctuation)
        generated.append(value)
    assert len(generated) >= 2
    assert len(set(generated)) == len(generated)
    assert (
        secrets.describe_secret(SecretId=portal_dev["SignInCodePepperArn"])["Name"] == "portal-dev-signin-code-pepper"
    )

    # And the documents bucket has every property of its template (moto's own bucket takes two)
    s3 = aws("s3")
    bucket = portal_dev["DocumentsBucketName"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]["AllowedOrigins"] == ["https://portal.example.com"]
    assert [rule["ID"] for rule in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]] == [
        "printouts",
        "exports",
    ]
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True

    # And the documents bucket refuses plain HTTP
    policy = json.loads(aws("s3").get_bucket_policy(Bucket=portal_dev["DocumentsBucketName"])["Policy"])
    assert [statement["Sid"] for statement in policy["Statement"]] == ["DenyPlainHttp"]
    assert policy["Statement"][0]["Resource"][1] == f"{portal_dev['DocumentsBucketArn']}/*"


def test_a_changed_parameter_updates_the_pool_in_place(aws: Clients, portal_dev: dict[str, str]) -> None:
    # Given portal-dev made for dev; when Stage becomes prod (the pool's DeletionProtection reads
    # it only through the IsProd condition)
    cfn = aws("cloudformation")
    cfn.update_stack(
        StackName="portal-dev",
        TemplateBody=STATEFUL,
        Parameters=_parameters({**STAGE_PARAMETERS, "Stage": "prod"}),
        Capabilities=CAPABILITIES,
    )
    cfn.get_waiter("stack_update_complete").wait(StackName="portal-dev", WaiterConfig={"Delay": 1, "MaxAttempts": 5})

    # Then the same pool is protected, its other settings and its client kept
    outputs = _outputs(aws, "portal-dev")
    assert _stack(aws, "portal-dev")["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs["UserPoolId"] == portal_dev["UserPoolId"]
    assert outputs["UserPoolClientId"] == portal_dev["UserPoolClientId"]
    pool = aws("cognito-idp").describe_user_pool(UserPoolId=portal_dev["UserPoolId"])["UserPool"]
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 32
    assert len(aws("cognito-idp").list_user_pools(MaxResults=10)["UserPools"]) == 1


def test_edge_stack_makes_the_distribution_the_template_describes(
    aws: Clients, portal_dev_edge: dict[str, str], edge_domains: dict[str, str]
) -> None:
    template = yaml.safe_load(EDGE)
    config_template = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert _stack(aws, "portal-dev-edge")["StackStatus"] == "CREATE_COMPLETE"
    assert set(portal_dev_edge) == set(template["Outputs"])

    # The distribution is in CloudFront, and the portal's address is its domain
    cloudfront = aws("cloudfront")
    distribution = cloudfront.get_distribution(Id=portal_dev_edge["DistributionId"])["Distribution"]
    assert portal_dev_edge["PortalUrl"] == f"https://{distribution['DomainName']}"
    config = distribution["DistributionConfig"]
    assert (config["DefaultRootObject"], config["HttpVersion"], config["PriceClass"]) == (
        "index.html",
        "http2and3",
        "PriceClass_100",
    )

    # With the template's origins: the web bucket through its origin access control, one API each
    origins = {origin["Id"]: origin for origin in config["Origins"]["Items"]}
    assert list(origins) == [origin["Id"] for origin in config_template["Origins"]]
    bucket = portal_dev_edge["WebBucketName"]
    assert origins["web"]["DomainName"] == f"{bucket}.s3.us-east-1.amazonaws.com"
    control = cloudfront.get_origin_access_control(Id=origins["web"]["OriginAccessControlId"])
    assert control["OriginAccessControl"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    assert origins["auth-api"]["DomainName"] == edge_domains["AuthApiDomain"]
    assert origins["portal-api"]["DomainName"] == edge_domains["PortalApiDomain"]
    assert origins["orders-api"]["CustomOriginConfig"]["OriginSslProtocols"]["Items"] == ["TLSv1.2"]

    # And its behaviours: page routing on the default one, the API paths in the template's order
    default = config["DefaultCacheBehavior"]
    function = cloudfront.describe_function(Name="portal-dev-edge-spa")["FunctionSummary"]
    assert default["FunctionAssociations"]["Items"] == [
        {"EventType": "viewer-request", "FunctionARN": function["FunctionMetadata"]["FunctionARN"]}
    ]
    assert function["FunctionMetadata"]["Stage"] == "LIVE"
    patterns = [behaviour["PathPattern"] for behaviour in config["CacheBehaviors"]["Items"]]
    assert patterns == [behaviour["PathPattern"] for behaviour in config_template["CacheBehaviors"]]
    behaviours = {behaviour["PathPattern"]: behaviour for behaviour in config["CacheBehaviors"]["Items"]}
    api = behaviours["/api/auth*"]
    assert (api["TargetOriginId"], api["AllowedMethods"]["Quantity"]) == ("auth-api", 7)
    # The live updates' socket to the WebSocket API's stage, its path made the stage's root
    sockets = behaviours["/ws"]
    assert (origins[sockets["TargetOriginId"]]["DomainName"], origins[sockets["TargetOriginId"]]["OriginPath"]) == (
        edge_domains["LiveApiDomain"],
        "/api",
    )
    socket_path = cloudfront.describe_function(Name="portal-dev-edge-ws")["FunctionSummary"]
    assert sockets["FunctionAssociations"]["Items"] == [
        {"EventType": "viewer-request", "FunctionARN": socket_path["FunctionMetadata"]["FunctionARN"]}
    ]

    # And every behaviour adds the security headers of the stack's one response headers policy
    account = aws("sts").get_caller_identity()["Account"]
    headers = response_headers_policy(account, default["ResponseHeadersPolicyId"])
    assert headers["ResponseHeadersPolicyConfig"]["Name"] == "portal-dev-edge-security"
    frame_options = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["FrameOptions"]
    assert frame_options["FrameOption"] == "DENY"
    assert {b["ResponseHeadersPolicyId"] for b in config["CacheBehaviors"]["Items"]} == {headers["Id"]}

    # And only this distribution may read the web bucket
    policy = json.loads(aws("s3").get_bucket_policy(Bucket=bucket)["Policy"])
    source = policy["Statement"][0]["Condition"]["StringEquals"]["AWS:SourceArn"]
    assert source == f"arn:aws:cloudfront::{account}:distribution/{portal_dev_edge['DistributionId']}"


def test_deleting_the_stacks_keeps_only_what_says_retain(
    aws: Clients, portal_dev: dict[str, str], portal_dev_edge: dict[str, str]
) -> None:
    cognito, cloudfront = aws("cognito-idp"), aws("cloudfront")
    distribution = cloudfront.get_distribution(Id=portal_dev_edge["DistributionId"])["Distribution"]
    control_id = distribution["DistributionConfig"]["Origins"]["Items"][0]["OriginAccessControlId"]
    account = aws("sts").get_caller_identity()["Account"]
    headers_id = distribution["DistributionConfig"]["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]

    _delete(aws, "portal-dev-edge")
    _delete(aws, "portal-dev")

    # Retained (today the table, the documents bucket and the user pool): what the template says
    table, bucket, pool = portal_dev["TableName"], portal_dev["DocumentsBucketName"], portal_dev["UserPoolId"]
    assert _retained(STATEFUL, "PortalTable") is not _missing(
        lambda: aws("dynamodb").describe_table(TableName=table), "ResourceNotFoundException"
    )
    assert _retained(STATEFUL, "DocumentsBucket") is not _missing(lambda: aws("s3").head_bucket(Bucket=bucket), "404")
    assert _retained(STATEFUL, "UserPool") is not _missing(
        lambda: cognito.describe_user_pool(UserPoolId=pool), "ResourceNotFoundException"
    )
    assert any(_retained(STATEFUL, name) for name in ("PortalTable", "DocumentsBucket", "UserPool"))
    # Gone: everything else
    client = portal_dev["UserPoolClientId"]
    assert _missing(
        lambda: cognito.describe_user_pool_client(UserPoolId=pool, ClientId=client), "ResourceNotFoundException"
    )
    assert _missing(lambda: cognito.get_group(UserPoolId=pool, GroupName="staff"), "ResourceNotFoundException")
    for logical_id in _resources_of(STATEFUL, "AWS::SecretsManager::Secret"):
        secret = portal_dev[_output_of(STATEFUL, logical_id)]
        assert _missing(
            lambda s=secret: aws("secretsmanager").get_secret_value(SecretId=s), "ResourceNotFoundException"
        )
    if _retained(STATEFUL, "DocumentsBucket"):
        assert _missing(lambda: aws("s3").get_bucket_policy(Bucket=bucket), "NoSuchBucketPolicy")
    queue = portal_dev["NotificationsQueueUrl"].rsplit("/", 1)[1]
    assert _missing(lambda: aws("sqs").get_queue_url(QueueName=queue), "AWS.SimpleQueueService.NonExistentQueue")
    distribution_id = portal_dev_edge["DistributionId"]
    assert _missing(lambda: cloudfront.get_distribution(Id=distribution_id), "NoSuchDistribution")
    assert _missing(lambda: cloudfront.describe_function(Name="portal-dev-edge-spa"), "NoSuchFunctionExists")
    assert _missing(lambda: cloudfront.get_origin_access_control(Id=control_id), "NoSuchOriginAccessControl")
    with pytest.raises(KeyError):
        response_headers_policy(account, headers_id)
    web_bucket = portal_dev_edge["WebBucketName"]
    assert _missing(lambda: aws("s3").head_bucket(Bucket=web_bucket), "404")


# DeletionPolicy: each test below fails without its patch in installed().

TWO_QUEUES = """
Resources:
  Kept:
    Type: AWS::SQS::Queue
    DeletionPolicy: {kept}
    Properties: {{QueueName: {{"Fn::Sub": "${{AWS::StackName}}-kept"}}}}
  Other:
    Type: AWS::SQS::Queue
    DeletionPolicy: {other}
    Properties: {{QueueName: {{"Fn::Sub": "${{AWS::StackName}}-other"}}}}
"""


def _queue_exists(aws: Clients, name: str) -> bool:
    return not _missing(lambda: aws("sqs").get_queue_url(QueueName=name), "AWS.SimpleQueueService.NonExistentQueue")


def test_a_failed_first_create_rolls_back_retain_except_on_create(aws: Clients) -> None:
    # Given a template whose last resource fails (a group in a pool that does not exist)
    template = (
        TWO_QUEUES.format(kept="Retain", other="RetainExceptOnCreate")
        + """
  Broken:
    Type: AWS::Cognito::UserPoolGroup
    DependsOn: [Kept, Other]
    Properties: {GroupName: staff, UserPoolId: us-east-1_NoSuchPool}
"""
    )
    # When the stack is created, it rolls back
    with pytest.raises(WaiterError):
        _create(aws, "failed-first", template)
    assert _stack(aws, "failed-first")["StackStatus"] == "ROLLBACK_COMPLETE"
    # Then only the Retain queue is left; RetainExceptOnCreate went with the failed create
    assert _queue_exists(aws, "failed-first-kept")
    assert not _queue_exists(aws, "failed-first-other")
    # And the rolled-back stack deletes cleanly
    _delete(aws, "failed-first")
    assert _queue_exists(aws, "failed-first-kept")


def test_a_stack_delete_keeps_retain_except_on_create(aws: Clients) -> None:
    _create(aws, "delete-keeps", TWO_QUEUES.format(kept="RetainExceptOnCreate", other="Delete"))
    _delete(aws, "delete-keeps")
    assert _queue_exists(aws, "delete-keeps-kept")
    assert not _queue_exists(aws, "delete-keeps-other")


def test_an_update_that_drops_a_retained_resource_keeps_it(aws: Clients) -> None:
    _create(aws, "update-keeps", TWO_QUEUES.format(kept="Retain", other="Delete"))
    only_other = TWO_QUEUES.format(kept="Retain", other="Delete").split("  Other:")[1]
    cfn = aws("cloudformation")
    cfn.update_stack(StackName="update-keeps", TemplateBody="Resources:\n  Other:" + only_other)
    cfn.get_waiter("stack_update_complete").wait(StackName="update-keeps", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    assert _queue_exists(aws, "update-keeps-kept")
    _delete(aws, "update-keeps")
    assert _queue_exists(aws, "update-keeps-kept")
    assert not _queue_exists(aws, "update-keeps-other")


ALARMS = """
Resources:
  AlarmTopic:
    Type: AWS::SNS::Topic
  OnCall:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: {Ref: AlarmTopic}
      Protocol: email
      Endpoint: oncall@example.com
      FilterPolicy: {severity: [high]}
  DeadLetters:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: {"Fn::Sub": "${AWS::StackName}-dead-letters"}
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions: [{Name: QueueName, Value: notifications-dlq}]
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
      AlarmActions: [{Ref: AlarmTopic}]
Outputs:
  AlarmArn:
    Value: {"Fn::GetAtt": [DeadLetters, Arn]}
  Subscription:
    Value: {Ref: OnCall}
"""


def test_alarms_and_their_subscriptions_are_made_and_removed(aws: Clients) -> None:
    # Given a stack of the kind an alarms change would add: a topic, a subscription, an alarm
    _create(aws, "alarms", ALARMS)
    outputs = _outputs(aws, "alarms")

    # Then the alarm is in CloudWatch, acting on the topic, and the topic has its subscriber
    alarm = aws("cloudwatch").describe_alarms(AlarmNames=["alarms-dead-letters"])["MetricAlarms"][0]
    assert alarm["AlarmArn"] == outputs["AlarmArn"]
    assert (alarm["Threshold"], alarm["TreatMissingData"]) == (0.0, "notBreaching")
    topic = alarm["AlarmActions"][0]
    subscription = aws("sns").get_subscription_attributes(SubscriptionArn=outputs["Subscription"])["Attributes"]
    assert (subscription["TopicArn"], subscription["Endpoint"]) == (topic, "oncall@example.com")
    assert json.loads(subscription["FilterPolicy"]) == {"severity": ["high"]}

    # And deleting the stack removes both
    _delete(aws, "alarms")
    assert aws("cloudwatch").describe_alarms(AlarmNames=["alarms-dead-letters"])["MetricAlarms"] == []
    assert aws("sns").list_subscriptions()["Subscriptions"] == []


def test_the_portals_own_domain_is_an_alias_with_its_certificate(aws: Clients, edge_domains: dict[str, str]) -> None:
    # Given the edge made with the portal's own address and its certificate (in us-east-1)
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0d3b5c1e-portal"
    _create(
        aws, "custom-edge", EDGE, {**edge_domains, "PortalDomain": "portal.example.com", "CertificateArn": certificate}
    )
    outputs = _outputs(aws, "custom-edge")

    # Then links and uploads follow that address, and CloudFront answers for it with the certificate
    assert outputs["PortalUrl"] == "https://portal.example.com"
    assert outputs["DistributionDomainName"].endswith(".cloudfront.net")
    config = aws("cloudfront").get_distribution_config(Id=outputs["DistributionId"])["DistributionConfig"]
    assert config["Aliases"]["Items"] == ["portal.example.com"]
    assert config["ViewerCertificate"]["ACMCertificateArn"] == certificate
    assert config["ViewerCertificate"]["SSLSupportMethod"] == "sni-only"
    _delete(aws, "custom-edge")
