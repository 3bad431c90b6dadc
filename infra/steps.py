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

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Cognito trigger -> the name of the Chalice @app.lambda_function that serves it.
TRIGGERS = {
    "DefineAuthChallenge": "define_auth_challenge",
    "CreateAuthChallenge": "create_auth_challenge",
    "VerifyAuthChallengeResponse": "verify_auth_challenge",
}
# The functions fed in batches whose handlers report the records that failed.
EVENT_HANDLERS = ("relay_events", "deliver_notifications")
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


def report_batch_failures(
    lambda_client: Any,
    functions: dict[str, str],
    sleep: Callable[[float], None] = time.sleep,
    timeout_seconds: float = 300,
) -> list[str]:
    """Turn on partial batch responses for the stream relay and the notifications consumer.

    Chalice creates their event source mappings but cannot set FunctionResponseTypes; without
    it Lambda ignores the handlers' batchItemFailures and retries (or deletes) whole batches.
    A mapping just created (or changed by Chalice) refuses changes until it settles, so each
    is waited for. Returns the mappings changed."""
    changed = []
    for name in EVENT_HANDLERS:
        if name not in functions:
            continue
        mappings = lambda_client.list_event_source_mappings(FunctionName=functions[name])["EventSourceMappings"]
        for listed in mappings:
            mapping = _settled_mapping(lambda_client, listed["UUID"], sleep, timeout_seconds)
            if "ReportBatchItemFailures" in mapping.get("FunctionResponseTypes", []):
                continue
            lambda_client.update_event_source_mapping(
                UUID=mapping["UUID"], FunctionResponseTypes=["ReportBatchItemFailures"]
            )
            changed.append(mapping["UUID"])
    return changed


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


def write_payment_keys(secretsmanager: Any, secret_arn: str, keys: dict[str, str] | None) -> bool:
    """Put the deployer's payment keys in the stage's secret, if given and not there already."""
    if not keys:
        return False
    current = secretsmanager.get_secret_value(SecretId=secret_arn).get("SecretString") or "{}"
    if json.loads(current) == keys:
        return False
    secretsmanager.put_secret_value(SecretId=secret_arn, SecretString=json.dumps(keys))
    return True
