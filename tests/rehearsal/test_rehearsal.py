"""`make rehearse`: the real `make deploy`, `make operator` and `make destroy`, run as a deployer
would run them, against a moto server that refuses what AWS refuses (conftest.py).

One story, in order: deploy dev; smoke-test it through the deployed functions' code (every
domain's health, the portal settings, an operator created with `make operator` signing in
with a code, the WebSocket API's routes reaching their functions); deploy dev again with one
setting changed (nothing new is created, the change lands in place); deploy prod beside it
(neither stage's policies reach the other's resources, its WebSocket API included); destroy
dev keeping its data, then both for good. It prints one line of figures.
"""

import io
import json
import re
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto.apigatewayv2.exceptions import APIGatewayV2Error
from moto.apigatewayv2.models import Api
from moto.awslambda.models import lambda_backends
from moto.core import DEFAULT_ACCOUNT_ID

from infra.package import domains
from infra.stacks import stack_state
from local.outbox import Outbox
from tests.functional.visitor import Visitor
from tests.rehearsal import aws_refusals
from tests.rehearsal.conftest import REGION, Cloud
from tests.rehearsal.deployed import DeployedPortal
from tests.rehearsal.lambda_runtime import invoke_websocket

ROOT = Path(__file__).resolve().parents[2]
OPERATOR = "owner@example.com"
ALARMS_TO = "ops@example.com"
API_DOMAIN = re.compile(r"^([a-z0-9]+)\.execute-api\.")


def make(cloud: Cloud, *args: str, **settings: str) -> str:
    """One make command as a deployer types it; its output (it must succeed)."""
    environment = {**cloud.environment(), "SENDER_EMAIL": "portal@example.com", **settings}
    done = subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"make {' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-6000:]}"
    return done.stdout


def inventory(cloud: Cloud) -> dict[str, set[str]]:
    """Everything the account holds that a deploy creates, by kind."""
    c: Any = cloud.client
    stacks = c("cloudformation").list_stacks()["StackSummaries"]
    return {
        "rest_apis": {a["id"] for a in c("apigateway").get_rest_apis(limit=500)["items"]},
        "websocket_apis": {a["ApiId"] for a in c("apigatewayv2").get_apis()["Items"]},
        "functions": {f["FunctionName"] for f in c("lambda").list_functions(MaxItems=500)["Functions"]},
        "mappings": {m["UUID"] for m in c("lambda").list_event_source_mappings()["EventSourceMappings"]},
        "roles": {r["RoleName"] for r in c("iam").list_roles(MaxItems=500)["Roles"]},
        "stacks": {s["StackName"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"},
        "tables": set(c("dynamodb").list_tables()["TableNames"]),
        "buckets": {b["Name"] for b in c("s3").list_buckets()["Buckets"]},
        "user_pools": {p["Name"] for p in c("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]},
        "distributions": {d["Id"] for d in c("cloudfront").list_distributions()["DistributionList"].get("Items", [])},
        "alarms": {a["AlarmName"] for a in c("cloudwatch").describe_alarms(MaxRecords=100)["MetricAlarms"]},
        "secrets": {x["Name"] for x in c("secretsmanager").list_secrets(MaxResults=100)["SecretList"]},
        "log_groups": {
            g["logGroupName"] for g in c("logs").describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"]
        },
    }


def of_stage(found: dict[str, set[str]], stage: str) -> dict[str, set[str]]:
    """The part of an inventory named after one stage (ids have no name: kept whole)."""
    return {kind: {n for n in names if f"-{stage}" in n} for kind, names in found.items() if kind in _NAMED}


_NAMED = ("functions", "roles", "stacks", "tables", "buckets", "user_pools", "alarms", "log_groups", "secrets")


def shipped_files(function_name: str) -> set[str]:
    """The files of a deployed function's code (moto keeps the zip it was given)."""
    function = lambda_backends[DEFAULT_ACCOUNT_ID][REGION].get_function(function_name)
    with zipfile.ZipFile(io.BytesIO(function.code_bytes)) as bundle:
        return set(bundle.namelist())


def code_digests(cloud: Cloud) -> dict[str, str]:
    """Each function's CodeSha256: a zip made again differs (its files' times), one reused not."""
    functions = cloud.client("lambda").list_functions(MaxItems=500)["Functions"]  # type: ignore[attr-defined]
    return {f["FunctionName"]: f["CodeSha256"] for f in functions}


def api_ids(cloud: Cloud, stage: str) -> dict[str, str]:
    """Each domain's REST API, as the edge stack was given them."""
    parameters = stack_state(cloud.client("cloudformation"), f"portal-{stage}-edge").parameters
    found = {}
    for domain in domains():
        match = API_DOMAIN.match(parameters[f"{domain.capitalize()}ApiDomain"])
        assert match, parameters
        found[domain] = match.group(1)
    return found


def live_api(cloud: Cloud, stage: str) -> str:
    """The stage's WebSocket API, as the edge stack was given it."""
    parameters = stack_state(cloud.client("cloudformation"), f"portal-{stage}-edge").parameters
    match = API_DOMAIN.match(parameters["LiveApiDomain"])
    assert match, parameters
    return match.group(1)


def environment_of(cloud: Cloud, function_name: str) -> dict[str, str]:
    configuration = cloud.client("lambda").get_function_configuration(FunctionName=function_name)  # type: ignore[attr-defined]
    variables: dict[str, str] = configuration["Environment"]["Variables"]
    return variables


LIVE_FUNCTIONS = {
    "$connect": "websocket_connect",
    "$default": "websocket_message",
    "$disconnect": "websocket_disconnect",
}


def check_the_live_updates(cloud: Cloud, stage: str, functions: set[str]) -> str:
    """The stage's WebSocket API as `make deploy` leaves it; returns its id. Its three routes
    call their own functions, its stage serves a deployment, the edge sends /ws to that stage,
    every function posts to its management endpoint, and the live functions' policies name its
    connections alone, each with the methods its code uses."""
    live, v2 = live_api(cloud, stage), cloud.client("apigatewayv2")
    routes = {r["RouteKey"]: r for r in v2.get_routes(ApiId=live)["Items"]}  # type: ignore[attr-defined]
    assert set(routes) == set(LIVE_FUNCTIONS)
    for key, function in LIVE_FUNCTIONS.items():
        target = routes[key]["Target"].removeprefix("integrations/")
        integration = v2.get_integration(ApiId=live, IntegrationId=target)  # type: ignore[attr-defined]
        assert integration["IntegrationUri"].endswith(f":function:portal-notifications-{stage}-{function}/invocations")
    (served,) = v2.get_stages(ApiId=live)["Items"]  # type: ignore[attr-defined]
    deployments = [d["DeploymentId"] for d in v2.get_deployments(ApiId=live)["Items"]]  # type: ignore[attr-defined]
    assert (served["StageName"], served["DeploymentId"] in deployments) == ("api", True)
    endpoint = f"https://{live}.execute-api.{REGION}.amazonaws.com/api"
    assert {environment_of(cloud, name)["LIVE_ENDPOINT"] for name in functions} == {endpoint}
    connections = f"arn:aws:execute-api:{REGION}:123456789012:{live}/api"
    managing = {
        role: sorted(resource for actions, resource in grants if "execute-api:ManageConnections" in actions)
        for role, grants in policy_grants(cloud, stage).items()
    }
    assert {role: resources for role, resources in managing.items() if resources} == {
        **{
            f"portal-notifications-{stage}-{f}": [f"{connections}/POST/@connections/*"] for f in LIVE_FUNCTIONS.values()
        },
        f"portal-notifications-{stage}-push_live": [
            f"{connections}/DELETE/@connections/*",
            f"{connections}/POST/@connections/*",
        ],
    }
    distribution_id = stack_state(cloud.client("cloudformation"), f"portal-{stage}-edge").outputs["DistributionId"]
    config = cloud.client("cloudfront").get_distribution_config(Id=distribution_id)["DistributionConfig"]  # type: ignore[attr-defined]
    (sockets,) = [b for b in config["CacheBehaviors"]["Items"] if b["PathPattern"] == "/ws"]
    (origin,) = [o for o in config["Origins"]["Items"] if o["Id"] == sockets["TargetOriginId"]]
    assert (origin["DomainName"], origin["OriginPath"]) == (f"{live}.execute-api.{REGION}.amazonaws.com", "/api")
    return live


def policy_grants(cloud: Cloud, stage: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Role -> (actions, resource) for every Resource its inline policies name, for the stage's roles."""
    iam: Any = cloud.client("iam")
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for role in (r["RoleName"] for r in iam.list_roles(MaxItems=500)["Roles"]):
        if f"-{stage}" not in role:
            continue
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
            document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
            document = json.loads(document) if isinstance(document, str) else document
            for statement in document["Statement"]:
                actions = statement["Action"]
                actions = (actions,) if isinstance(actions, str) else tuple(actions)
                resources = statement.get("Resource", [])
                for resource in [resources] if isinstance(resources, str) else resources:
                    found.setdefault(role, []).append((actions, resource))
    return found


@pytest.fixture(scope="module")
def figures() -> Iterator[dict[str, float]]:
    measured: dict[str, float] = {}
    yield measured
    print("\nrehearsal: " + ", ".join(f"{k} {v:.0f}" for k, v in measured.items()))  # noqa: T201


def test_deploy_redeploy_second_stage_and_destroy(cloud: Cloud, figures: dict[str, float]) -> None:
    # Given a new account, when dev is deployed
    started = time.monotonic()
    out = make(cloud, "deploy", "STAGE=dev", BUSINESS_NAME="Rehearsal Coffee", ALARM_EMAIL=ALARMS_TO)
    figures["deploy s"] = time.monotonic() - started
    assert "Plan for portal-dev" in out
    assert "The portal is at https://" in out
    assert "Alarms go to the SNS topic arn:aws:sns:us-east-1:123456789012:portal-dev-alarms" in out
    first = inventory(cloud)
    apis = api_ids(cloud, "dev")
    assert len(set(apis.values())) == len(domains()) == len(first["rest_apis"])  # one REST API per domain app

    # And every function is watched: its errors and throttles, the relay's lag, the two queues'
    # dead letters, the APIs' server errors, to the stage's topic and the address given; logs
    # kept 30 days and counted
    watched = of_stage(first, "dev")
    assert len(watched["alarms"]) == 2 * len(watched["functions"]) + 4
    logs: Any = cloud.client("logs")
    groups = logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/portal-")["logGroups"]
    assert {g["logGroupName"] for g in groups} == {f"/aws/lambda/{name}" for name in watched["functions"]}
    assert {g["retentionInDays"] for g in groups} == {30}
    filters = logs.describe_metric_filters(logGroupName="/aws/lambda/portal-orders-dev")["metricFilters"]
    assert [f["metricTransformations"][0]["metricNamespace"] for f in filters] == ["CustomerPortal/dev"]
    topic = stack_state(cloud.client("cloudformation"), "portal-dev").outputs["AlarmTopicArn"]
    subscribers = cloud.client("sns").list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]  # type: ignore[attr-defined]
    assert [s["Endpoint"] for s in subscribers] == [ALARMS_TO]

    # Then every domain answers through its deployed code, and the portal's settings are read
    portal = DeployedPortal(cloud.endpoint_url, apis)
    for domain in domains():
        health = portal.http.request("GET", f"/{domain}/health")
        assert health.status_code == 200, (domain, health)
        assert health.json_body["stage"] == "dev"
    assert portal.http.request("GET", "/portal").status_code == 200

    # And what runs is the zip the deploy made, with the bytecode of what Chalice adds as source
    # (its runtime and app.py: infra.package.deployment_package)
    assert {"__pycache__/app.cpython-311.pyc", "chalice/__pycache__/app.cpython-311.pyc"} <= shipped_files(
        "portal-orders-dev"
    )
    code_before = code_digests(cloud)

    # And the live updates are wired: a socket reaches the deployed connect function, which
    # refuses one without a good ticket; a message and a close reach theirs
    live = check_the_live_updates(cloud, "dev", watched["functions"])
    for ticket in (None, "forged"):
        refused = invoke_websocket(
            cloud.endpoint_url, live, "$connect", "rehearsal01", query={"ticket": ticket} if ticket else None
        )
        assert refused["statusCode"] == 401, refused
    said = invoke_websocket(cloud.endpoint_url, live, "hello", "rehearsal01", body=json.dumps({"action": "hello"}))
    assert said["statusCode"] == 200, said
    assert invoke_websocket(cloud.endpoint_url, live, "$disconnect", "rehearsal01")["statusCode"] == 200

    # And the first operator, made with `make operator`, signs in with a code by e-mail
    assert "created" in make(cloud, "operator", "STAGE=dev", f"EMAIL={OPERATOR}", "NAME=Owner")
    assert "enabled again" in make(cloud, "operator", "STAGE=dev", f"EMAIL={OPERATOR}", "NAME=Owner")
    visitor = Visitor(portal)  # type: ignore[arg-type]  # the deployed portal's http, not the local edge's
    visitor.sign_in(OPERATOR, Outbox(REGION))
    session = visitor.get("/auth/session").json_body
    assert session["signed_in"], session
    assert session["person"]["kind"] == "staff"

    # When dev is deployed again with one setting changed
    started = time.monotonic()
    make(cloud, "deploy", "STAGE=dev", BUSINESS_NAME="Rehearsal Coffee Roasters", ALARM_EMAIL=ALARMS_TO)
    figures["redeploy s"] = time.monotonic() - started

    # Then nothing new exists (the WebSocket API is the same one), one mapping per function and
    # source, and the change is in place
    assert inventory(cloud) == first
    mappings = cloud.client("lambda").list_event_source_mappings()["EventSourceMappings"]  # type: ignore[attr-defined]
    by_function = {m["FunctionArn"].rsplit(":", 1)[-1]: m for m in mappings}
    # the stream's two readers, the notifications and the exports queues' consumers
    assert len(mappings) == len({(m["FunctionArn"], m["EventSourceArn"]) for m in mappings}) == len(by_function) == 4
    assert all(m["FunctionResponseTypes"] == ["ReportBatchItemFailures"] for m in mappings)
    relay, pushes = (
        by_function["portal-notifications-dev-relay_events"],
        by_function["portal-notifications-dev-push_live"],
    )
    assert relay["EventSourceArn"] == pushes["EventSourceArn"]
    assert relay["BisectBatchOnFunctionError"] is True  # a poison record cannot stall the relay
    assert relay["DestinationConfig"]["OnFailure"]["Destination"].endswith(":portal-dev-notifications-dlq")
    # A push is retried briefly and given up after a minute, to nowhere: that late it is worth nothing
    assert (
        pushes["BisectBatchOnFunctionError"],
        pushes["MaximumRetryAttempts"],
        pushes["MaximumRecordAgeInSeconds"],
    ) == (True, 3, 60)
    assert not pushes.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
    assert environment_of(cloud, "portal-portal-dev")["BUSINESS_NAME"] == "Rehearsal Coffee Roasters"
    assert code_digests(cloud) == code_before  # the same code: the same zips, none made again
    assert check_the_live_updates(cloud, "dev", watched["functions"]) == live

    # When prod is deployed beside it (real payments: it needs the provider's keys), at its own address
    started = time.monotonic()
    out = make(
        cloud,
        "deploy",
        "STAGE=prod",
        BUSINESS_NAME="Rehearsal Coffee",
        STRIPE_SECRET_KEY="sk_test_rehearsal",
        STRIPE_WEBHOOK_SECRET="whsec_rehearsal",
        STRIPE_PUBLISHABLE_KEY="pk_test_rehearsal",
        PORTAL_DOMAIN="portal.rehearsal.example",
        CERTIFICATE_ARN="arn:aws:acm:us-east-1:123456789012:certificate/rehearsal",
    )
    figures["second stage s"] = time.monotonic() - started
    both = inventory(cloud)
    assert len(both["rest_apis"]) == 2 * len(domains())
    prod_code = {name.replace("-prod", "-dev"): sha for name, sha in code_digests(cloud).items() if "-prod" in name}
    assert prod_code == code_before  # the same code on both stages: the same zips, made once

    # Then links, uploads and the webhook follow the portal's own address
    assert "The portal is at https://portal.rehearsal.example" in out
    assert "https://portal.rehearsal.example/api/payments/webhooks/stripe" in out
    variables = cloud.client("lambda").get_function_configuration(FunctionName="portal-notifications-prod")  # type: ignore[attr-defined]
    assert variables["Environment"]["Variables"]["PORTAL_URL"] == "https://portal.rehearsal.example"
    bucket = stack_state(cloud.client("cloudformation"), "portal-prod").outputs["DocumentsBucketName"]
    cors = cloud.client("s3").get_bucket_cors(Bucket=bucket)["CORSRules"]  # type: ignore[attr-defined]
    assert cors[0]["AllowedOrigins"] == ["https://portal.rehearsal.example"]

    # Then neither stage's functions may touch the other's resources (its WebSocket API included)
    check_the_live_updates(cloud, "prod", of_stage(both, "prod")["functions"])
    stage_names = {stage: set().union(*of_stage(both, stage).values()) for stage in ("dev", "prod")}
    sockets = {stage: f":{live_api(cloud, stage)}/" for stage in ("dev", "prod")}
    assert len(set(sockets.values())) == 2
    for stage, other in (("dev", "prod"), ("prod", "dev")):
        for role, grants in policy_grants(cloud, stage).items():
            for actions, resource in grants:
                assert f"portal-{other}" not in resource, (role, resource)
                assert not any(name in resource for name in stage_names[other]), (role, resource)
                assert sockets[other] not in resource, (role, resource)
                # A text message goes to a phone number, which has no ARN: the one grant on "*".
                assert resource != "*" or actions == ("sns:Publish",), (role, actions)

    # When dev is destroyed keeping its data, then prod and dev for good
    started = time.monotonic()
    out = make(cloud, "destroy", "STAGE=dev")
    assert "Keeping its table" in out
    kept = of_stage(inventory(cloud), "dev")
    assert not kept["functions"]
    assert not kept["roles"]
    assert not kept["alarms"]
    assert kept["log_groups"]  # the logs are kept with the data
    assert kept["tables"] == {"portal-dev-portal"}
    assert kept["user_pools"] == {"portal-dev-users"}
    make(cloud, "destroy", "STAGE=prod", "KEEP_DATA=0")
    make(cloud, "destroy", "STAGE=dev", "KEEP_DATA=0")
    figures["destroy s"] = time.monotonic() - started

    # Then nothing of either stage remains
    left = inventory(cloud)
    assert all(not names for names in of_stage(left, "dev").values()), left
    assert all(not names for names in of_stage(left, "prod").values()), left
    assert not left["rest_apis"], left
    assert not left["websocket_apis"], left
    assert not left["mappings"], left
    assert not left["distributions"], left
    figures["functions per stage"] = len(first["functions"])
    figures["resources per stage"] = sum(len(names) for names in first.values())


class _ExpiredToken(APIGatewayV2Error):
    code = 403

    def __init__(self) -> None:
        super().__init__("ExpiredTokenException", "The security token included in the request is expired")


def credentials_expire_as_the_websocket_api_is_deployed(deploy: Any) -> Any:
    """A deploy cut short halfway, once: the deployer's session token expires (a refusal botocore
    does not retry) inside `chalice deploy` of the notifications app, the first, as it deploys
    its WebSocket API: its REST API is made, and the WebSocket API and its routes, but not its
    stage, and Chalice has written no record of any of it."""
    refused: list[str] = []

    def deploying(api: Api, description: str | None = None) -> Any:
        if not refused and api.name.startswith("portal-notifications-"):
            refused.append(api.api_id)
            raise _ExpiredToken
        return deploy(api, description)

    return deploying


def test_a_deploy_cut_short_halfway_is_finished_by_the_next_without_a_second_api(
    cloud: Cloud, figures: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a first deploy that stops halfway, inside the notifications app's `chalice deploy`
    monkeypatch.setattr(
        aws_refusals,
        "deploy_the_routes",
        credentials_expire_as_the_websocket_api_is_deployed(aws_refusals.deploy_the_routes),
    )
    environment = {**cloud.environment(), "SENDER_EMAIL": "portal@example.com", "BUSINESS_NAME": "Cut Short"}
    cut = subprocess.run(
        ["make", "--no-print-directory", "deploy", "STAGE=dev"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert cut.returncode != 0
    assert "ExpiredTokenException" in cut.stderr + cut.stdout
    left = inventory(cloud)
    assert (len(left["rest_apis"]), len(left["websocket_apis"])) == (1, 1)  # the notifications app's, unrecorded
    (unfinished,) = left["websocket_apis"]
    assert cloud.client("apigatewayv2").get_stages(ApiId=unfinished)["Items"] == []  # type: ignore[attr-defined]

    # When the deploy is run again
    started = time.monotonic()
    out = make(cloud, "deploy", "STAGE=dev", BUSINESS_NAME="Cut Short")
    figures["deploy after a cut s"] = time.monotonic() - started

    # Then it finished the notifications app with the REST API it had made, and one WebSocket API
    # in place of the unfinished one (Chalice's update of an API it knows would never stage it)
    assert "portal-notifications: chalice deploy (update)" in out
    apis = api_ids(cloud, "dev")
    done = inventory(cloud)
    assert len(done["rest_apis"]) == len(set(apis.values())) == len(domains())
    assert done["websocket_apis"] == {live_api(cloud, "dev")} != {unfinished}
    health = DeployedPortal(cloud.endpoint_url, apis).http.request("GET", "/notifications/health")
    assert health.status_code == 200
    assert invoke_websocket(cloud.endpoint_url, live_api(cloud, "dev"), "$connect", "rehearsal02")["statusCode"] == 401
    make(cloud, "destroy", "STAGE=dev", "KEEP_DATA=0")
    assert not inventory(cloud)["rest_apis"]
    assert not inventory(cloud)["websocket_apis"]
