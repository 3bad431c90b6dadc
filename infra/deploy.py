"""`make deploy STAGE=dev|prod`: the portal into the AWS account of the current credentials.

1. deploy infra/stateful.yaml (CloudFormation) and read its outputs;
2. stage each domain app's bundle (infra.package), the outputs as its Chalice stage's environment
   and in each function's policy (infra/policies: this stage's resources, nothing wider);
3. `chalice deploy` each domain app from its staged bundle (its own API, functions and policies);
4. wire the Cognito custom-auth triggers to the auth app's functions, with invoke permission;
5. deploy infra/edge.yaml (web bucket + CloudFront: web/, and /api/<domain>/* to each API);
6. publish web/ with its runtime config.json and the merged openapi.json, and invalidate
   CloudFront's copy.

Each step is a function taking its AWS clients, so tests run them against moto.
Settings come from the environment: SENDER_EMAIL, BUSINESS_NAME, WEB_ORIGIN (optional),
AWS_DEFAULT_REGION; for card payments STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and
STRIPE_PUBLISHABLE_KEY (without them the stage uses the sandbox, which prod refuses).
"""

import argparse
import contextlib
import json
import mimetypes
import os
import time
from pathlib import Path
from typing import Any

import boto3

from infra.outputs import app_environment, payment_environment, policy_values, read_secrets, web_runtime_config
from infra.package import chalice, domains, stage
from infra.template import EDGE_TEMPLATE, STATEFUL_TEMPLATE

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Cognito trigger -> the name of the Chalice @app.lambda_function that serves it.
TRIGGERS = {
    "DefineAuthChallenge": "define_auth_challenge",
    "CreateAuthChallenge": "create_auth_challenge",
    "VerifyAuthChallengeResponse": "verify_auth_challenge",
}
# The functions fed in batches whose handlers report the records that failed.
EVENT_HANDLERS = ("relay_events", "deliver_notifications")
# UpdateUserPool resets every setting it is not given, so these are carried over.
_POOL_SETTINGS_TO_KEEP = (
    "Policies",
    "DeletionProtection",
    "AutoVerifiedAttributes",
    "MfaConfiguration",
    "AdminCreateUserConfig",
    "AccountRecoverySetting",
    "UserPoolAddOns",
    "EmailConfiguration",
    "SmsConfiguration",
    "VerificationMessageTemplate",
    "UserAttributeUpdateSettings",
)


def deploy_stack(cfn: Any, name: str, template_body: str, parameters: dict[str, str]) -> dict[str, str]:
    """Create or update one stack, wait for it, return its outputs."""
    args = {
        "StackName": name,
        "TemplateBody": template_body,
        "Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        "Capabilities": ["CAPABILITY_IAM"],
    }
    try:
        cfn.describe_stacks(StackName=name)
        exists = True
    except cfn.exceptions.ClientError:
        exists = False
    if not exists:
        cfn.create_stack(**args)
        cfn.get_waiter("stack_create_complete").wait(StackName=name)
    else:
        try:
            cfn.update_stack(**args)
            cfn.get_waiter("stack_update_complete").wait(StackName=name)
        except cfn.exceptions.ClientError as exc:
            if "No updates are to be performed" not in str(exc):
                raise
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def configure_chalice_stage(staging: Path, stage_name: str, environment: dict[str, str]) -> None:
    """Write the stack's outputs into the staged .chalice/config.json for this stage."""
    config_path = staging / ".chalice" / "config.json"
    config = json.loads(config_path.read_text())
    config["stages"].setdefault(stage_name, {})["environment_variables"] = environment
    config_path.write_text(json.dumps(config, indent=2))


def deployed_functions(staging: Path, stage_name: str) -> dict[str, str]:
    """Name -> ARN of every Lambda function `chalice deploy` recorded, and the API id."""
    record = json.loads((staging / ".chalice" / "deployed" / f"{stage_name}.json").read_text())
    found = {}
    for resource in record["resources"]:
        if resource["resource_type"] == "lambda_function":
            found[resource["name"]] = resource["lambda_arn"]
        if resource["resource_type"] == "rest_api":
            found["rest_api_id"] = resource["rest_api_id"]
    return found


def wire_triggers(cognito: Any, lambda_client: Any, user_pool_id: str, functions: dict[str, str]) -> dict[str, str]:
    """Point the pool's custom-auth triggers at the deployed functions; allow Cognito to call them."""
    wiring = {trigger: functions[name] for trigger, name in TRIGGERS.items() if name in functions}
    if not wiring:
        return {}
    pool = cognito.describe_user_pool(UserPoolId=user_pool_id)["UserPool"]
    kept = {key: pool[key] for key in _POOL_SETTINGS_TO_KEEP if key in pool}
    lambda_config = {**pool.get("LambdaConfig", {}), **wiring}
    cognito.update_user_pool(UserPoolId=user_pool_id, LambdaConfig=lambda_config, **kept)
    for trigger, arn in wiring.items():
        statement_id = f"cognito-{trigger}"
        with contextlib.suppress(lambda_client.exceptions.ResourceNotFoundException):
            lambda_client.remove_permission(FunctionName=arn, StatementId=statement_id)
        lambda_client.add_permission(
            FunctionName=arn,
            StatementId=statement_id,
            Action="lambda:InvokeFunction",
            Principal="cognito-idp.amazonaws.com",
            SourceArn=pool["Arn"],
        )
    return wiring


def stack_outputs(cfn: Any, name: str) -> dict[str, str]:
    """A stack's outputs, or nothing if it does not exist yet."""
    try:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    except cfn.exceptions.ClientError:
        return {}
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def point_links_at(lambda_client: Any, functions: dict[str, str], portal_url: str) -> list[str]:
    """Set PORTAL_URL (the start of every link in e-mails and texts) on each deployed function
    whose environment says otherwise; its other variables stay. Returns the functions changed.

    On a first deploy the portal's address exists only once CloudFront does, after
    `chalice deploy`; later deploys read it from the edge stack before deploying."""
    changed = []
    for name, arn in sorted(functions.items()):
        if name == "rest_api_id":
            continue
        variables = (
            lambda_client.get_function_configuration(FunctionName=arn).get("Environment", {}).get("Variables", {})
        )
        if variables.get("PORTAL_URL") == portal_url:
            continue
        lambda_client.update_function_configuration(
            FunctionName=arn, Environment={"Variables": {**variables, "PORTAL_URL": portal_url}}
        )
        changed.append(name)
    return changed


def report_batch_failures(lambda_client: Any, functions: dict[str, str]) -> list[str]:
    """Turn on partial batch responses for the stream relay and the notifications consumer.

    Chalice creates their event source mappings but cannot set FunctionResponseTypes; without
    it Lambda ignores the handlers' batchItemFailures and retries (or deletes) whole batches.
    Returns the mappings changed."""
    changed = []
    for name in EVENT_HANDLERS:
        if name not in functions:
            continue
        mappings = lambda_client.list_event_source_mappings(FunctionName=functions[name])["EventSourceMappings"]
        for mapping in mappings:
            lambda_client.update_event_source_mapping(
                UUID=mapping["UUID"], FunctionResponseTypes=["ReportBatchItemFailures"]
            )
            changed.append(mapping["UUID"])
    return changed


def publish_web(
    s3: Any,
    bucket: str,
    runtime_config: dict[str, object],
    web_dir: Path = WEB_DIR,
    openapi: dict[str, Any] | None = None,
) -> list[str]:
    """Upload web/, config.json and the API document (api/openapi.json, which CloudFront
    serves from here); pages revalidate, assets are cached briefly."""
    published = []
    for path in sorted(p for p in web_dir.rglob("*") if p.is_file()):
        key = path.relative_to(web_dir).as_posix()
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentType=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            CacheControl="no-cache",
        )
        published.append(key)
    s3.put_object(
        Bucket=bucket,
        Key="config.json",
        Body=json.dumps(runtime_config).encode(),
        ContentType="application/json",
        CacheControl="no-cache",
    )
    published.append("config.json")
    if openapi is not None:
        s3.put_object(
            Bucket=bucket,
            Key="api/openapi.json",
            Body=json.dumps(openapi).encode(),
            ContentType="application/json",
            CacheControl="no-cache",
        )
        published.append("api/openapi.json")
    return published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", choices=["dev", "prod"], required=True)
    args = parser.parse_args()
    session = boto3.session.Session()
    region = session.region_name or os.environ["AWS_DEFAULT_REGION"]
    sender_email = os.environ["SENDER_EMAIL"]
    business_name = os.environ["BUSINESS_NAME"]
    stack = f"portal-{args.stage}"
    cfn = session.client("cloudformation")

    print(f"1/6 {stack}: stateful resources")
    outputs = deploy_stack(
        cfn,
        stack,
        STATEFUL_TEMPLATE.read_text(),
        # Until CloudFront exists (step 5) its address is unknown; then the stack is updated.
        {"Stage": args.stage, "SenderEmail": sender_email, "WebOrigin": os.environ.get("WEB_ORIGIN", "https://*")},
    )
    env = app_environment(
        outputs,
        stage=args.stage,
        region=region,
        sender_email=sender_email,
        business_name=business_name,
        secrets=read_secrets(session.client("secretsmanager"), outputs),
        # Known before deploying, except on the first deploy (see point_links_at).
        portal_url=os.environ.get("WEB_ORIGIN") or stack_outputs(cfn, f"{stack}-edge").get("PortalUrl", ""),
    )
    env.update(payment_environment(os.environ, args.stage))
    # The notifications app reads these when `chalice deploy` imports it, to wire its sources.
    os.environ["PORTAL_EVENTS_STREAM_ARN"] = outputs["TableStreamArn"]
    os.environ["PORTAL_NOTIFICATIONS_QUEUE"] = outputs["NotificationsQueueUrl"].rsplit("/", 1)[-1]
    resources = policy_values(outputs, stage=args.stage)
    functions: dict[str, str] = {}
    api_domains: dict[str, str] = {}
    for domain in domains():
        print(f"2-3/6 {domain}: staging and chalice deploy")
        staging = stage(domain, policy_values=resources)
        configure_chalice_stage(staging, args.stage, env)
        chalice(staging, "deploy", "--stage", args.stage)
        deployed = deployed_functions(staging, args.stage)
        api_domains[domain] = f"{deployed.pop('rest_api_id')}.execute-api.{region}.amazonaws.com"
        functions.update({f"{domain}.{name}" if name == "api_handler" else name: arn for name, arn in deployed.items()})
    report_batch_failures(session.client("lambda"), functions)
    print("4/6 sign-in triggers")
    wired = wire_triggers(session.client("cognito-idp"), session.client("lambda"), outputs["UserPoolId"], functions)
    print("   " + (", ".join(wired) or "this app has no sign-in triggers yet"))
    print("5/6 web bucket and CloudFront")
    edge_parameters = {f"{domain.capitalize()}ApiDomain": name for domain, name in api_domains.items()}
    edge = deploy_stack(cfn, f"{stack}-edge", EDGE_TEMPLATE.read_text(), edge_parameters)
    if "WEB_ORIGIN" not in os.environ:  # now that CloudFront exists, uploads may come from it only
        stateful_params = {"Stage": args.stage, "SenderEmail": sender_email, "WebOrigin": edge["PortalUrl"]}
        deploy_stack(cfn, stack, STATEFUL_TEMPLATE.read_text(), stateful_params)
        point_links_at(session.client("lambda"), functions, edge["PortalUrl"])
    print("6/6 publishing web/")
    from local.edge import openapi_document  # the same merge the local stack serves

    publish_web(
        session.client("s3"),
        edge["WebBucketName"],
        web_runtime_config(business_name=business_name, stage=args.stage),
        openapi=openapi_document(f"{business_name} portal API"),
    )
    session.client("cloudfront").create_invalidation(
        DistributionId=edge["DistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": str(time.time())},
    )
    print(f"The portal is at {edge['PortalUrl']}")


if __name__ == "__main__":
    main()
