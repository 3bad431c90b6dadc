"""The deploy's steps after `chalice deploy`, each one taking its AWS clients (tests run them
against moto) and each one a no-op when what it would set is already so: a redeploy changes
nothing it does not have to.
"""

import json
import mimetypes
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from functions.core.http import SERVER_ERROR_LOG
from infra.alarms import SERVER_ERROR_METRIC, metric_namespace

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Cognito trigger -> the name of the Chalice @app.lambda_function that serves it.
TRIGGERS = {
    "DefineAuthChallenge": "define_auth_challenge",
    "CreateAuthChallenge": "create_auth_challenge",
    "VerifyAuthChallengeResponse": "verify_auth_challenge",
}
# UpdateUserPool resets every setting it is not given, so these are carried over from
# DescribeUserPool, which also returns fields UpdateUserPool refuses (see updatable_pool_settings).
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
# A mapping being created or changed refuses another change (ResourceInUseException).
_MAPPING_BUSY = {"Creating", "Updating", "Enabling", "Disabling"}


def configure_chalice_stage(staging: Path, stage_name: str, environment: dict[str, str]) -> None:
    """Write the stage's settings into the staged .chalice/config.json."""
    config_path = staging / ".chalice" / "config.json"
    config = json.loads(config_path.read_text())
    config["stages"].setdefault(stage_name, {})["environment_variables"] = environment
    config_path.write_text(json.dumps(config, indent=2))


def updatable_pool_settings(pool: dict[str, Any]) -> dict[str, Any]:
    """The pool's settings as UpdateUserPool takes them back. DescribeUserPool returns the
    deprecated AdminCreateUserConfig.UnusedAccountValidityDays beside
    PasswordPolicy.TemporaryPasswordValidityDays, and UpdateUserPool refuses the pair."""
    kept = {key: pool[key] for key in _POOL_SETTINGS_TO_KEEP if key in pool}
    admin = dict(kept.get("AdminCreateUserConfig", {}))
    if "UnusedAccountValidityDays" in admin:
        del admin["UnusedAccountValidityDays"]
        kept["AdminCreateUserConfig"] = admin
    return kept


def wire_triggers(cognito: Any, lambda_client: Any, user_pool_id: str, functions: dict[str, str]) -> dict[str, str]:
    """Point the pool's custom-auth triggers at the deployed functions and let Cognito call
    them. Returns the triggers wired; the pool is updated only when they changed."""
    wiring = {trigger: functions[name] for trigger, name in TRIGGERS.items() if name in functions}
    if not wiring:
        return {}
    pool = cognito.describe_user_pool(UserPoolId=user_pool_id)["UserPool"]
    current = pool.get("LambdaConfig", {})
    if any(current.get(trigger) != arn for trigger, arn in wiring.items()):
        cognito.update_user_pool(
            UserPoolId=user_pool_id, LambdaConfig={**current, **wiring}, **updatable_pool_settings(pool)
        )
    for trigger, arn in wiring.items():
        _allow_cognito(lambda_client, arn, f"cognito-{trigger}", pool["Arn"])
    return wiring


def _allow_cognito(lambda_client: Any, function_arn: str, statement_id: str, pool_arn: str) -> None:
    try:
        policy = json.loads(lambda_client.get_policy(FunctionName=function_arn)["Policy"])
    except lambda_client.exceptions.ResourceNotFoundException:
        policy = {"Statement": []}
    for statement in policy["Statement"]:
        if statement.get("Sid") == statement_id:
            if statement.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn") == pool_arn:
                return
            lambda_client.remove_permission(FunctionName=function_arn, StatementId=statement_id)
    lambda_client.add_permission(
        FunctionName=function_arn,
        StatementId=statement_id,
        Action="lambda:InvokeFunction",
        Principal="cognito-idp.amazonaws.com",
        SourceArn=pool_arn,
    )


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


def _settled_mapping(
    lambda_client: Any, uuid: str, sleep: Callable[[float], None], timeout_seconds: float
) -> dict[str, Any]:
    waited = 0.0
    while True:
        mapping: dict[str, Any] = lambda_client.get_event_source_mapping(UUID=uuid)
        if mapping.get("State") not in _MAPPING_BUSY:
            return mapping
        if waited >= timeout_seconds:
            raise TimeoutError(f"event source mapping {uuid} is still {mapping.get('State')}")
        sleep(1.0)
        waited += 1.0


def event_source_settings(dead_letter_queue_arn: str) -> dict[str, dict[str, Any]]:
    """What each batch-fed function's mapping must say, which Chalice cannot set.

    Each reports the records that failed (without it Lambda ignores the handlers'
    batchItemFailures and retries, or drops, whole batches). The stream relay also cannot
    stall on a poison record: a failing batch is split to find it, retried a few times for at
    most an hour, then recorded in the dead-letter queue, where the console's undelivered list
    shows it (the consumer's messages get there by the queue's own redrive policy).

    The live pushes (docs/live.md) split and retry a failing batch too, but briefly, and give
    up a record after a minute (the least Lambda takes) with no destination: a push that late
    is worth nothing, and a page that reconnects reads what it missed. Retrying longer would
    hold up every push behind it in the shard."""
    partial = {"FunctionResponseTypes": ["ReportBatchItemFailures"]}
    return {
        "relay_events": {
            **partial,
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": 5,
            "MaximumRecordAgeInSeconds": 3600,
            "DestinationConfig": {"OnFailure": {"Destination": dead_letter_queue_arn}},
        },
        "push_live": {
            **partial,
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": 3,
            "MaximumRecordAgeInSeconds": 60,
        },
        "deliver_notifications": partial,
        "build_exports": partial,
    }


def tune_event_sources(
    lambda_client: Any,
    functions: dict[str, str],
    dead_letter_queue_arn: str,
    sleep: Callable[[float], None] = time.sleep,
    timeout_seconds: float = 300,
) -> list[str]:
    """Give each batch-fed function's mappings their settings (event_source_settings). A
    mapping just created (or changed by Chalice) refuses changes until it settles, so each is
    waited for; one that already says all of it is left alone. Returns the mappings changed."""
    changed = []
    for name, wanted in event_source_settings(dead_letter_queue_arn).items():
        if name not in functions:
            continue
        mappings = lambda_client.list_event_source_mappings(FunctionName=functions[name])["EventSourceMappings"]
        for listed in mappings:
            mapping = _settled_mapping(lambda_client, listed["UUID"], sleep, timeout_seconds)
            differing = {key: value for key, value in wanted.items() if mapping.get(key) != value}
            if not differing:
                continue
            lambda_client.update_event_source_mapping(UUID=mapping["UUID"], **differing)
            changed.append(mapping["UUID"])
    return changed


def keep_logs(logs: Any, function_names: list[str], api_function_names: list[str], stage: str, days: int) -> int:
    """Every function's log group, kept `days` days (Lambda's own keep logs for ever), and on
    each API function's a metric filter counting its server errors for the stage's alarm.
    Lambda creates a group on a function's first run: here it may exist already, or not yet.
    Returns how many groups were created or changed."""
    changed = 0
    for name in function_names:
        group = f"/aws/lambda/{name}"
        found = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
        current = next((g for g in found if g["logGroupName"] == group), None)
        if current is None:
            logs.create_log_group(logGroupName=group)
        if current is None or current.get("retentionInDays") != days:
            logs.put_retention_policy(logGroupName=group, retentionInDays=days)
            changed += 1
        if name in api_function_names:
            logs.put_metric_filter(  # same name: replaced, never doubled
                logGroupName=group,
                filterName="server-errors",
                filterPattern=f'{{ $.message = "{SERVER_ERROR_LOG}" }}',
                metricTransformations=[
                    {"metricName": SERVER_ERROR_METRIC, "metricNamespace": metric_namespace(stage), "metricValue": "1"}
                ],
            )
    return changed


def subscribe_to_alarms(sns: Any, topic_arn: str, email: str | None) -> bool:
    """Subscribe the deployer's address to the stage's alarms unless it is already (or its
    confirmation is pending: SNS mails it a link). Returns whether a subscription was asked."""
    if not email:
        return False
    pages = sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic_arn)
    if any(s["Protocol"] == "email" and s["Endpoint"] == email for page in pages for s in page["Subscriptions"]):
        return False
    sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint=email)
    return True


def _put(s3: Any, bucket: str, key: str, body: bytes, content_type: str) -> str:
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type, CacheControl="no-cache")
    return key


def publish_web(
    s3: Any,
    bucket: str,
    runtime_config: dict[str, object],
    web_dir: Path = WEB_DIR,
    openapi: dict[str, Any] | None = None,
) -> list[str]:
    """Upload web/, config.json and the API document (api/openapi.json, which CloudFront
    serves from here); pages revalidate, assets are cached briefly."""
    published = [
        _put(
            s3,
            bucket,
            path.relative_to(web_dir).as_posix(),
            path.read_bytes(),
            mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        )
        for path in sorted(p for p in web_dir.rglob("*") if p.is_file())
    ]
    published.append(_put(s3, bucket, "config.json", json.dumps(runtime_config).encode(), "application/json"))
    if openapi is not None:
        published.append(_put(s3, bucket, "api/openapi.json", json.dumps(openapi).encode(), "application/json"))
    return published


def sender_identity(ses: Any, address: str) -> tuple[str, bool]:
    """The SES identity portal e-mail is sent under, and whether a verification was asked now.

    SES authorises a send against the most specific verified identity: the address if it is
    verified (or waiting for its owner to click), else its domain if the business verified
    the whole domain; only when neither is does the address get verified (SES mails its owner
    a link). The functions' policies name this identity's ARN."""
    domain = address.rsplit("@", 1)[-1]
    found = ses.get_identity_verification_attributes(Identities=[address, domain])["VerificationAttributes"]
    status = {identity: found.get(identity, {}).get("VerificationStatus") for identity in (address, domain)}
    if status[address] in {"Success", "Pending"}:
        return address, False
    if status[domain] == "Success":
        return domain, False
    ses.verify_email_identity(EmailAddress=address)
    return address, True


def write_payment_keys(secretsmanager: Any, secret_arn: str, keys: dict[str, str] | None) -> bool:
    """Put the deployer's payment keys in the stage's secret, if given and not there already."""
    if not keys:
        return False
    current = secretsmanager.get_secret_value(SecretId=secret_arn).get("SecretString") or "{}"
    if json.loads(current) == keys:
        return False
    secretsmanager.put_secret_value(SecretId=secret_arn, SecretString=json.dumps(keys))
    return True
