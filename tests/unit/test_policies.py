"""The functions' IAM policies (infra/policies): the comparison the least-privilege test makes,
what one API call asks IAM for, and what no template may grant (another stage's resources)."""

import json
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from functions.core.app import DOMAINS
from infra.outputs import POLICY_OUTPUTS, policy_values
from infra.package import _chalice_config, parameterize_policies, write_policies
from infra.policies import (
    API_HANDLER,
    Request,
    Where,
    allows,
    as_cloudformation,
    fill,
    lambda_requests,
    load,
    reach_problems,
    requests_of_call,
    statements,
    templates,
    ungranted,
    unused_grants,
)
from infra.template import load as load_template
from local.worker import WEBSOCKET_FUNCTIONS

TABLE = "arn:aws:dynamodb:eu-north-1:111122223333:table/portal-dev-portal"
WHERE = Where("eu-north-1", "111122223333")


def _outputs(stage: str) -> dict[str, str]:
    """What the stateful stack of one stage answers (its names follow infra/stateful.yaml)."""
    account, region = "111122223333", "eu-north-1"
    secret = f"arn:aws:secretsmanager:{region}:{account}:secret:portal-{stage}"
    return {
        "TableArn": f"arn:aws:dynamodb:{region}:{account}:table/portal-{stage}-portal",
        "TableStreamArn": f"arn:aws:dynamodb:{region}:{account}:table/portal-{stage}-portal/stream/2026-01-01T00:00:00",
        "DocumentsBucketArn": f"arn:aws:s3:::portal-{stage}-documents-{account}",
        "NotificationsQueueArn": f"arn:aws:sqs:{region}:{account}:portal-{stage}-notifications",
        "NotificationsDeadLetterQueueArn": f"arn:aws:sqs:{region}:{account}:portal-{stage}-notifications-dlq",
        "ExportsQueueArn": f"arn:aws:sqs:{region}:{account}:portal-{stage}-exports",
        "UserPoolArn": f"arn:aws:cognito-idp:{region}:{account}:userpool/{region}_{stage}Pool",
        "SenderIdentity": f"portal-{stage}@example.com",
        # Secrets Manager adds a random suffix to a secret's name in its ARN.
        "SignInCodePepperArn": f"{secret}-signin-code-pepper-Ab12Cd",
        "PagingCursorKeyArn": f"{secret}-paging-cursor-key-Ef34Gh",
        "PaymentKeysArn": f"{secret}-payment-keys-Ij56Kl",
        "EdgeOriginKeyArn": f"{secret}-edge-origin-key-Mn78Op",
        # The WebSocket API's, made by chalice deploy (infra.outputs.LIVE_API_OUTPUTS)
        "LiveApiId": f"{stage}ws45678",
        "LiveApiStage": "api",
    }


def _policy(*statement: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statement)}


def _allow(actions: list[str], resources: list[str] | str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


EVERY_TEMPLATE = [(domain, function, path) for domain in DOMAINS for function, path in templates(domain).items()]


# --- the comparison --------------------------------------------------------------------------


def test_a_policy_missing_an_action_refuses_the_call_that_needs_it() -> None:
    policy = _policy(_allow(["dynamodb:GetItem", "dynamodb:PutItem"], TABLE))
    made = [
        Request("dynamodb:GetItem", TABLE),
        Request("dynamodb:UpdateItem", TABLE),
        Request("dynamodb:GetItem", TABLE),
    ]

    assert ungranted(policy, made) == [Request("dynamodb:UpdateItem", TABLE)]


def test_a_grant_no_call_needed_is_reported_and_a_used_one_is_not() -> None:
    policy = _policy(_allow(["dynamodb:GetItem", "dynamodb:DeleteItem"], [TABLE, f"{TABLE}/index/gsi1"]))

    unused = unused_grants(policy, [Request("dynamodb:GetItem", TABLE)])

    assert unused == [
        f"dynamodb:GetItem on {TABLE}/index/gsi1",
        f"dynamodb:DeleteItem on {TABLE}",
        f"dynamodb:DeleteItem on {TABLE}/index/gsi1",
    ]


def test_resources_match_as_iam_matches_them_and_actions_ignore_case() -> None:
    bucket = "arn:aws:s3:::portal-dev-documents-1"
    policy = _policy(_allow(["s3:GetObject"], f"{bucket}/printouts/*"))

    assert allows(policy, Request("S3:getobject", f"{bucket}/printouts/c1/abc"))
    assert not allows(policy, Request("s3:GetObject", f"{bucket}/customers/c1/abc"))
    assert not allows(policy, Request("s3:GetObject", "arn:aws:s3:::portal-prod-documents-1/printouts/c1/abc"))


def test_a_deny_beats_an_allow() -> None:
    policy = _policy(
        _allow(["sns:Publish"], "*"), {"Effect": "Deny", "Action": ["sns:Publish"], "Resource": "arn:aws:sns:*"}
    )

    assert allows(policy, Request("sns:Publish", "*"))
    assert not allows(policy, Request("sns:Publish", "arn:aws:sns:eu-north-1:1:topic"))


def test_a_condition_on_the_prefix_holds_only_for_keys_under_it() -> None:
    bucket = "arn:aws:s3:::portal-dev-documents-1"
    policy = _policy(
        _allow(["s3:ListBucketVersions"], bucket, Condition={"StringLike": {"s3:prefix": ["customers/PORTAL/logo/*"]}})
    )

    assert allows(policy, Request("s3:ListBucketVersions", bucket, (("s3:prefix", "customers/PORTAL/logo/k1"),)))
    assert not allows(policy, Request("s3:ListBucketVersions", bucket, (("s3:prefix", "customers/c1/share/k1"),)))
    assert not allows(policy, Request("s3:ListBucketVersions", bucket))
    assert unused_grants(policy, [Request("s3:ListBucketVersions", bucket, (("s3:prefix", "printouts/x"),))]) != []


# --- what one call asks IAM for --------------------------------------------------------------


def test_a_transaction_is_asked_for_item_by_item() -> None:
    items = [
        {"Put": {"TableName": "portal-dev-portal"}},
        {"Update": {"TableName": "portal-dev-portal"}},
        {"ConditionCheck": {"TableName": "portal-dev-portal"}},
        {"Delete": {"TableName": "portal-dev-portal"}},
    ]

    asked = requests_of_call("dynamodb", "TransactWriteItems", {"TransactItems": items}, WHERE)

    assert [r.action for r in asked] == [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
    ]
    assert {r.resource for r in asked} == {TABLE}
    reads = requests_of_call(
        "dynamodb", "TransactGetItems", {"TransactItems": [{"Get": {"TableName": "portal-dev-portal"}}]}, WHERE
    )
    assert reads == [Request("dynamodb:GetItem", TABLE)]


def test_a_query_on_an_index_is_asked_on_the_index() -> None:
    asked = requests_of_call("dynamodb", "Query", {"TableName": "portal-dev-portal", "IndexName": "gsi2"}, WHERE)

    assert asked == [Request("dynamodb:Query", f"{TABLE}/index/gsi2")]


def test_s3_deletes_of_versions_and_listings_ask_for_their_own_actions() -> None:
    bucket = "arn:aws:s3:::docs"
    deleted = {"Objects": [{"Key": "customers/c1/share/k", "VersionId": "v1"}, {"Key": "customers/c1/share/j"}]}

    asked = requests_of_call("s3", "DeleteObjects", {"Bucket": "docs", "Delete": deleted}, WHERE)
    listed = requests_of_call("s3", "ListObjectVersions", {"Bucket": "docs", "Prefix": "customers/c1/share/k"}, WHERE)
    headed = requests_of_call("s3", "HeadObject", {"Bucket": "docs", "Key": "a/b"}, WHERE)

    assert asked == [
        Request("s3:DeleteObject", f"{bucket}/customers/c1/share/k"),
        Request("s3:DeleteObjectVersion", f"{bucket}/customers/c1/share/k"),
        Request("s3:DeleteObject", f"{bucket}/customers/c1/share/j"),
    ]
    assert listed == [Request("s3:ListBucketVersions", bucket, (("s3:prefix", "customers/c1/share/k"),))]
    assert headed == [Request("s3:GetObject", f"{bucket}/a/b")]


def test_messages_are_asked_for_on_their_queue_sender_and_phone_number() -> None:
    url = "https://sqs.eu-north-1.amazonaws.com/111122223333/portal-dev-notifications"

    sent = requests_of_call("sqs", "SendMessageBatch", {"QueueUrl": url, "Entries": []}, WHERE)
    mailed = requests_of_call("ses", "SendEmail", {"Source": "Test Traders <portal@example.com>"}, WHERE)
    texted = requests_of_call("sns", "Publish", {"PhoneNumber": "+358401234567", "Message": "hi"}, WHERE)

    assert sent == [Request("sqs:SendMessage", "arn:aws:sqs:eu-north-1:111122223333:portal-dev-notifications")]
    assert mailed == [Request("ses:SendEmail", "arn:aws:ses:eu-north-1:111122223333:identity/portal@example.com")]
    assert texted == [Request("sns:Publish", "*")]


def test_stream_reads_are_asked_for_on_the_stream_an_iterator_names() -> None:
    stream = "arn:aws:dynamodb:eu-north-1:111122223333:table/portal-dev-portal/stream/2026-11-01T00:00:00.000"

    positioned = requests_of_call(
        "dynamodbstreams", "GetShardIterator", {"StreamArn": stream, "ShardId": "shardId-1"}, WHERE
    )
    read = requests_of_call("dynamodbstreams", "GetRecords", {"ShardIterator": f"{stream}|1|AAAAAAAAAAE"}, WHERE)

    assert positioned == [Request("dynamodb:GetShardIterator", stream)]
    assert read == [Request("dynamodb:GetRecords", stream)]
    with pytest.raises(ValueError, match="no IAM mapping for dynamodbstreams ListStreams"):
        requests_of_call("dynamodbstreams", "ListStreams", {}, WHERE)


def test_a_call_nobody_mapped_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="no IAM mapping for kms Decrypt"):
        requests_of_call("kms", "Decrypt", {"CiphertextBlob": b""}, WHERE)


def test_lambda_writes_the_functions_logs_and_polls_its_source_with_its_role() -> None:
    values = policy_values(_outputs("dev"), stage="dev")

    asked = lambda_requests("notifications", "relay_events", values, ["dynamodb"])

    group = "arn:aws:logs:eu-north-1:111122223333:log-group:/aws/lambda/portal-notifications-dev-relay_events"
    assert Request("logs:PutLogEvents", f"{group}:log-stream:*") in asked
    assert Request("dynamodb:GetRecords", values["TableStreamArn"]) in asked
    with pytest.raises(ValueError, match="kinesis"):
        lambda_requests("notifications", "relay_events", values, ["kinesis"])


# --- the templates ---------------------------------------------------------------------------


def test_every_function_of_every_app_has_its_own_policy_and_every_policy_a_function() -> None:
    for domain in DOMAINS:
        app = import_module(f"functions.{domain}.app").app
        functions = {
            API_HANDLER,
            *(f.name for f in app.pure_lambda_functions),
            *(s.name for s in app.event_sources),
            *(WEBSOCKET_FUNCTIONS[route] for route in app.websocket_handlers),
        }
        assert set(templates(domain)) == functions, domain


@pytest.mark.parametrize(("domain", "function", "path"), EVERY_TEMPLATE, ids=[p.name for _, _, p in EVERY_TEMPLATE])
def test_no_policy_reaches_beyond_its_stage_and_function(domain: str, function: str, path: Path) -> None:
    assert reach_problems(load(path), domain, function) == []


@pytest.mark.parametrize(("domain", "function", "path"), EVERY_TEMPLATE, ids=[p.name for _, _, p in EVERY_TEMPLATE])
def test_a_dev_policy_allows_nothing_on_prods_resources(domain: str, function: str, path: Path) -> None:
    dev = fill(load(path), policy_values(_outputs("dev"), stage="dev"))
    prod = _outputs("prod")
    prod_resources = [
        prod["TableArn"],
        f"{prod['TableArn']}/index/gsi1",
        prod["TableStreamArn"],
        prod["DocumentsBucketArn"],
        f"{prod['DocumentsBucketArn']}/customers/c1/share/k",
        f"{prod['DocumentsBucketArn']}/printouts/c1/k",
        prod["NotificationsQueueArn"],
        prod["NotificationsDeadLetterQueueArn"],
        prod["UserPoolArn"],
        f"arn:aws:ses:eu-north-1:111122223333:identity/{prod['SenderIdentity']}",
        f"arn:aws:logs:eu-north-1:111122223333:log-group:/aws/lambda/portal-{domain}-prod:*",
        f"arn:aws:logs:eu-north-1:111122223333:log-group:/aws/lambda/portal-{domain}-prod-{function}:*",
        prod["SignInCodePepperArn"],
        prod["PagingCursorKeyArn"],
        prod["PaymentKeysArn"],
        prod["EdgeOriginKeyArn"],
        f"arn:aws:execute-api:eu-north-1:111122223333:{prod['LiveApiId']}/api/POST/@connections/c1",
        f"arn:aws:execute-api:eu-north-1:111122223333:{prod['LiveApiId']}/api/DELETE/@connections/c1",
    ]
    actions = {action for s in statements(dev) if s["Effect"] == "Allow" for action in s["Action"]}
    actions.discard("sns:Publish")  # to phone numbers, on "*": the one star reach_problems lets through
    reached = [
        (action, resource)
        for action in sorted(actions)
        for resource in prod_resources
        if allows(dev, Request(action, resource, (("s3:prefix", resource.split(":::", 1)[-1]),)))
    ]
    assert reached == []


@pytest.mark.parametrize(
    ("resource", "complaint"),
    [
        ("arn:aws:dynamodb:*:*:table/portal-*", "not one of this stage's resources"),
        ("arn:aws:cognito-idp:*:*:userpool/*", "not one of this stage's resources"),
        ("${TableArn}/index/*", "not one of this stage's resources"),
        ("${DocumentsBucketArn}/*", "not one of this stage's resources"),
        ("*", "only sns:Publish to phone numbers"),
        (
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/portal-orders-${Stage}:*",
            "logs only to",
        ),
        ("${SomeoneElsesTable}", "no stack output"),
    ],
)
def test_a_resource_reaching_another_stage_or_function_is_flagged(resource: str, complaint: str) -> None:
    template = _policy(_allow(["dynamodb:GetItem"], resource))

    problems = reach_problems(template, "auth", API_HANDLER)

    assert any(complaint in problem for problem in problems), problems


def test_a_wildcard_action_and_an_unexplained_star_are_flagged() -> None:
    assert reach_problems(_policy(_allow(["dynamodb:*"], "${TableArn}")), "auth", API_HANDLER) == [
        "dynamodb:*: a wildcard action"
    ]
    assert (
        reach_problems(_policy(_allow(["sns:Publish"], "*", Comment="Phone numbers have no ARN.")), "auth", API_HANDLER)
        == []
    )
    assert reach_problems(_policy(_allow(["sns:Publish"], "*")), "auth", API_HANDLER) != []


def test_filling_names_the_stage_drops_comments_and_refuses_an_unknown_placeholder() -> None:
    template = _policy(_allow(["dynamodb:GetItem"], "${TableArn}", Comment="why"))

    filled = fill(template, policy_values(_outputs("dev"), stage="dev"))

    assert filled["Statement"][0] == {"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": TABLE}
    with pytest.raises(KeyError, match="Elsewhere"):
        fill(_policy(_allow(["s3:GetObject"], "${Elsewhere}")), {})
    assert fill(template, None)["Statement"][0]["Resource"] == "${TableArn}"  # for CloudFormation


def test_for_cloudformation_the_placeholders_become_subs_and_the_outputs_parameters() -> None:
    template = _policy(
        _allow(["logs:PutLogEvents"], "arn:${AWS::Partition}:logs:${AWS::Region}:x:${Stage}", Comment="c")
    )

    converted, parameters = as_cloudformation(template)

    assert converted["Statement"][0]["Resource"] == {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:x:${Stage}"}
    assert "Comment" not in converted["Statement"][0]
    assert parameters == {"Stage"}


def test_the_stack_has_every_output_a_policy_names_and_the_values_read_partition_region_account() -> None:
    # The sender's SES identity is found by the deploy, not made by the stack (steps.sender_identity).
    assert set(POLICY_OUTPUTS) - {"SenderIdentity"} <= set(load_template()["Outputs"])
    values = policy_values(_outputs("dev"), stage="dev")
    assert (values["AWS::Partition"], values["AWS::Region"], values["AWS::AccountId"]) == (
        "aws",
        "eu-north-1",
        "111122223333",
    )
    with pytest.raises(KeyError, match="UserPoolArn"):
        policy_values({k: v for k, v in _outputs("dev").items() if k != "UserPoolArn"}, stage="dev")


def test_a_staged_app_gives_each_function_its_own_filled_policy_and_no_app_wide_one(tmp_path: Path) -> None:
    (tmp_path / ".chalice").mkdir()

    files = write_policies(tmp_path, "notifications", policy_values(_outputs("dev"), stage="dev"))
    config = _chalice_config("notifications", files)

    assert "iam_policy_file" not in config
    assert {name: own["iam_policy_file"] for name, own in config["lambda_functions"].items()} == {
        "api_handler": "policy-api_handler.json",
        "deliver_notifications": "policy-deliver_notifications.json",
        "push_live": "policy-push_live.json",
        "relay_events": "policy-relay_events.json",
        "send_reminders": "policy-send_reminders.json",
        "websocket_connect": "policy-websocket_connect.json",
        "websocket_disconnect": "policy-websocket_disconnect.json",
        "websocket_message": "policy-websocket_message.json",
    }
    relay = (tmp_path / ".chalice" / "policy-relay_events.json").read_text()
    assert "${" not in relay
    assert "Comment" not in relay
    assert _outputs("dev")["TableStreamArn"] in json.loads(relay)["Statement"][1]["Resource"]


def test_a_packaged_template_takes_the_stacks_outputs_as_parameters(tmp_path: Path) -> None:
    """`chalice package` embeds the staged policies as they are: placeholders for CloudFormation."""
    (tmp_path / ".chalice").mkdir()
    files = write_policies(tmp_path, "documents")
    staged = {name: json.loads((tmp_path / ".chalice" / file).read_text()) for name, file in files.items()}
    role = {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": staged["sweep_documents"]}]}}
    sam = tmp_path / "sam.json"
    sam.write_text(json.dumps({"Resources": {"SweepDocumentsRole": role, "Bucket": {"Type": "AWS::S3::Bucket"}}}))

    parameters = parameterize_policies(sam)

    template = json.loads(sam.read_text())
    # The sweep's: its table and bucket, and the exports queue it sends a stalled export's step again.
    assert parameters == ["DocumentsBucketArn", "ExportsQueueArn", "Stage", "TableArn"]
    assert set(template["Parameters"]) == set(parameters)
    resources = [
        s["Resource"]
        for s in template["Resources"]["SweepDocumentsRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    ]
    assert {"Fn::Sub": "${TableArn}"} in resources
    assert "Comment" not in json.dumps(template)
