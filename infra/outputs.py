"""From the stateful stack's outputs to the app's environment: shared by deploy and local."""

import re
from typing import Any

OUTPUT_TO_ENV = {
    "TableName": "TABLE_NAME",
    "DocumentsBucketName": "DOCUMENTS_BUCKET",
    "NotificationsQueueUrl": "NOTIFICATIONS_QUEUE_URL",
    "NotificationsDeadLetterQueueUrl": "NOTIFICATIONS_DEAD_LETTER_QUEUE_URL",
    "ExportsQueueUrl": "EXPORTS_QUEUE_URL",
    "UserPoolId": "USER_POOL_ID",
    "UserPoolClientId": "USER_POOL_CLIENT_ID",
    # The secrets by ARN, never their values: the functions read those at run time
    # (functions.core.secrets), with only the rights on the ones they read.
    "SignInCodePepperArn": "SIGNIN_CODE_PEPPER_SECRET",
    "PagingCursorKeyArn": "PAGING_CURSOR_KEY_SECRET",
    "PaymentKeysArn": "PAYMENT_KEYS_SECRET",
    "EdgeOriginKeyArn": "EDGE_ORIGIN_KEY_SECRET",
}

# Set only where CloudFront stands in front of the APIs. Locally no request comes through it, so
# none can prove it did: the viewer-address header is ignored there without a secret read.
BEHIND_CLOUDFRONT_ONLY = frozenset({"EDGE_ORIGIN_KEY_SECRET"})


# The stack's outputs the functions' policies (infra/policies) name their resources by.
POLICY_OUTPUTS = (
    "TableArn",
    "TableStreamArn",
    "DocumentsBucketArn",
    "NotificationsQueueArn",
    "NotificationsDeadLetterQueueArn",
    "ExportsQueueArn",
    "UserPoolArn",
    "SenderIdentity",
    "SignInCodePepperArn",
    "PagingCursorKeyArn",
    "PaymentKeysArn",
    "EdgeOriginKeyArn",
)


# The WebSocket API the live functions post to (docs/live.md): its id and stage, which name the
# connections in the live functions' policies. Not the stack's: the notifications app's first
# `chalice deploy` makes the API, so until then the outputs have neither (infra.policies.fill
# leaves the statements naming them out), and then the deploy adds them, read from that app's
# record (infra.records.websocket_api), as it adds SenderIdentity.
LIVE_API_OUTPUTS = ("LiveApiId", "LiveApiStage")
_MANAGEMENT_ENDPOINT = re.compile(r"^https://([a-z0-9-]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/([\w-]+)$")


def live_endpoint(websocket_api_url: str) -> str:
    """The management API endpoint the functions post to (settings.live_endpoint), from the
    WebSocket API's URL as Chalice records it: wss://<api id>.execute-api.<region>.<dns
    suffix>/<stage>/ (the API answers both at the same address)."""
    return "https://" + websocket_api_url.removeprefix("wss://").rstrip("/")


def live_api_outputs(endpoint: str) -> dict[str, str]:
    """LiveApiId and LiveApiStage of a management API endpoint
    (https://<api id>.execute-api.<region>.amazonaws.com/<stage>)."""
    match = _MANAGEMENT_ENDPOINT.match(endpoint)
    if match is None:
        raise ValueError(f"{endpoint} is no WebSocket API's management endpoint")
    api_id, _, stage = match.groups()
    return {"LiveApiId": api_id, "LiveApiStage": stage}


def policy_values(outputs: dict[str, str], *, stage: str) -> dict[str, str]:
    """What a policy template's placeholders stand for in one stage: the stack's outputs (and
    the WebSocket API's, once it exists), the stage, and the partition, region and account
    (read from the table's ARN)."""
    missing = sorted(set(POLICY_OUTPUTS) - set(outputs))
    if missing:
        raise KeyError(f"the stack has no output {', '.join(missing)}")
    _, partition, _, region, account, _ = outputs["TableArn"].split(":", 5)
    return {
        **{name: outputs[name] for name in POLICY_OUTPUTS},
        **{name: outputs[name] for name in LIVE_API_OUTPUTS if name in outputs},
        "Stage": stage,
        "AWS::Partition": partition,
        "AWS::Region": region,
        "AWS::AccountId": account,
    }


# What Lambda sets itself and refuses in a function's configuration (Lambda's developer guide,
# "Defined runtime environment variables"): app_environment sets none of them.
LAMBDA_RESERVED_KEYS = frozenset(
    {
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
)


def app_environment(
    outputs: dict[str, str],
    *,
    stage: str,
    sender_email: str,
    business_name: str,
    auth_backend: str = "cognito",
    portal_url: str = "",
    live_endpoint: str = "",
) -> dict[str, str]:
    """The environment variables functions.core.settings reads, for one stage. No secret value
    (the secrets are named by ARN) and no key Lambda reserves: Lambda sets AWS_DEFAULT_REGION
    itself and refuses a function that sets it (the local stack, tests and bench set it in
    their own process)."""
    missing = sorted(set(OUTPUT_TO_ENV) - set(outputs))
    if missing:
        raise KeyError(f"the stack has no output {', '.join(missing)}")
    env = {
        variable: outputs[output]
        for output, variable in OUTPUT_TO_ENV.items()
        if stage != "local" or variable not in BEHIND_CLOUDFRONT_ONLY
    }
    env.update(
        STAGE=stage,
        SENDER_EMAIL=sender_email,
        BUSINESS_NAME=business_name,
        AUTH_BACKEND=auth_backend,
        PORTAL_URL=portal_url,
        LIVE_ENDPOINT=live_endpoint,
        POWERTOOLS_SERVICE_NAME="customer-portal",
        # pydantic looks for plugins through importlib.metadata on first use: 30 ms of cold start.
        PYDANTIC_DISABLE_PLUGINS="1",
    )
    return env


# The deployer's Stripe keys: the secret two go into the stack's PaymentKeys secret
# (payment_keys), the publishable one, which is public, into the functions' environment.
PAYMENT_VARIABLES = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PUBLISHABLE_KEY")


def payment_environment(environ: dict[str, str] | Any, stage: str) -> dict[str, str]:
    """The payment provider's settings, from the deployer's environment: Stripe when its keys
    are given, else the sandbox (refused in prod, where test cards would settle invoices).
    Only the provider and the publishable key: the secret keys go to Secrets Manager."""
    given = {name: environ[name] for name in PAYMENT_VARIABLES if environ.get(name)}
    provider = environ.get("PAYMENT_PROVIDER") or ("stripe" if given else "sandbox")
    if provider == "stripe" and len(given) < len(PAYMENT_VARIABLES):
        raise ValueError(f"PAYMENT_PROVIDER=stripe needs {', '.join(PAYMENT_VARIABLES)}")
    if provider == "sandbox" and stage == "prod":
        raise ValueError(f"prod takes real payments: set {', '.join(PAYMENT_VARIABLES)}")
    public = {name: value for name, value in given.items() if name == "STRIPE_PUBLISHABLE_KEY"}
    return {"PAYMENT_PROVIDER": provider, **public}


def payment_keys(environ: dict[str, str] | Any) -> dict[str, str] | None:
    """What the deploy writes into the PaymentKeys secret (the JSON functions.core.secrets
    reads): the deployer's Stripe secret and webhook keys, or None when neither is given."""
    secret_key, webhook_secret = environ.get("STRIPE_SECRET_KEY"), environ.get("STRIPE_WEBHOOK_SECRET")
    if not secret_key and not webhook_secret:
        return None
    if not (secret_key and webhook_secret):
        raise ValueError("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are given together")
    return {"secret_key": secret_key, "webhook_secret": webhook_secret}


def web_runtime_config(*, business_name: str, stage: str) -> dict[str, object]:
    """web/config.json: what the static pages need to know about this deployment."""
    return {"businessName": business_name, "stage": stage, "apiBase": "/api", "languages": ["en", "fr", "pl", "fi"]}
