"""From the stateful stack's outputs to the app's environment: shared by deploy and local."""

from typing import Any

OUTPUT_TO_ENV = {
    "TableName": "TABLE_NAME",
    "DocumentsBucketName": "DOCUMENTS_BUCKET",
    "NotificationsQueueUrl": "NOTIFICATIONS_QUEUE_URL",
    "NotificationsDeadLetterQueueUrl": "NOTIFICATIONS_DEAD_LETTER_QUEUE_URL",
    "UserPoolId": "USER_POOL_ID",
    "UserPoolClientId": "USER_POOL_CLIENT_ID",
}


# The keys the stateful stack generates, handed to the Lambdas as settings.
SECRET_TO_ENV = {
    "SignInCodePepperArn": "SIGNIN_CODE_PEPPER",
    "PagingCursorKeyArn": "PAGING_CURSOR_KEY",
}


# The stack's outputs the functions' policies (infra/policies) name their resources by.
POLICY_OUTPUTS = (
    "TableArn",
    "TableStreamArn",
    "DocumentsBucketArn",
    "NotificationsQueueArn",
    "NotificationsDeadLetterQueueArn",
    "UserPoolArn",
    "SenderIdentity",
)


def policy_values(outputs: dict[str, str], *, stage: str) -> dict[str, str]:
    """What a policy template's placeholders stand for in one stage: the stack's outputs, the
    stage, and the partition, region and account (read from the table's ARN)."""
    missing = sorted(set(POLICY_OUTPUTS) - set(outputs))
    if missing:
        raise KeyError(f"the stack has no output {', '.join(missing)}")
    _, partition, _, region, account, _ = outputs["TableArn"].split(":", 5)
    return {
        **{name: outputs[name] for name in POLICY_OUTPUTS},
        "Stage": stage,
        "AWS::Partition": partition,
        "AWS::Region": region,
        "AWS::AccountId": account,
    }


def read_secrets(secretsmanager: Any, outputs: dict[str, str]) -> dict[str, str]:
    """Each generated key's value, by the environment variable the settings read it from."""
    return {
        variable: str(secretsmanager.get_secret_value(SecretId=outputs[output])["SecretString"])
        for output, variable in SECRET_TO_ENV.items()
    }


def app_environment(
    outputs: dict[str, str],
    *,
    stage: str,
    region: str,
    sender_email: str,
    business_name: str,
    secrets: dict[str, str],
    auth_backend: str = "cognito",
    portal_url: str = "",
) -> dict[str, str]:
    """The environment variables functions.core.settings reads, for one stage."""
    missing = sorted(set(OUTPUT_TO_ENV) - set(outputs))
    if missing:
        raise KeyError(f"the stack has no output {', '.join(missing)}")
    env = {variable: outputs[output] for output, variable in OUTPUT_TO_ENV.items()}
    env.update(secrets)
    env.update(
        STAGE=stage,
        AWS_DEFAULT_REGION=region,
        SENDER_EMAIL=sender_email,
        BUSINESS_NAME=business_name,
        AUTH_BACKEND=auth_backend,
        PORTAL_URL=portal_url,
        POWERTOOLS_SERVICE_NAME="customer-portal",
        # pydantic looks for plugins through importlib.metadata on first use: 30 ms of cold start.
        PYDANTIC_DISABLE_PLUGINS="1",
    )
    return env


PAYMENT_VARIABLES = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PUBLISHABLE_KEY")


def payment_environment(environ: dict[str, str] | Any, stage: str) -> dict[str, str]:
    """The payment provider's settings, from the deployer's environment: Stripe when its keys
    are given, else the sandbox (refused in prod, where test cards would settle invoices)."""
    given = {name: environ[name] for name in PAYMENT_VARIABLES if environ.get(name)}
    provider = environ.get("PAYMENT_PROVIDER") or ("stripe" if given else "sandbox")
    if provider == "stripe" and len(given) < len(PAYMENT_VARIABLES):
        raise ValueError(f"PAYMENT_PROVIDER=stripe needs {', '.join(PAYMENT_VARIABLES)}")
    if provider == "sandbox" and stage == "prod":
        raise ValueError(f"prod takes real payments: set {', '.join(PAYMENT_VARIABLES)}")
    return {"PAYMENT_PROVIDER": provider, **given}


def web_runtime_config(*, business_name: str, stage: str) -> dict[str, object]:
    """web/config.json: what the static pages need to know about this deployment."""
    return {"businessName": business_name, "stage": stage, "apiBase": "/api", "languages": ["en", "fr", "pl", "fi"]}
