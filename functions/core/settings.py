"""Settings read once, at cold start, into a typed model.

Resource names have no defaults on purpose: a Lambda without TABLE_NAME must fail to start,
not quietly write to a table called "portal". Secrets are resources too: the settings name
them (their ARNs), and core.secrets reads their values at run time.
"""

import os
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from functions.core.errors import ConfigurationError
from functions.core.schemas import UPLOAD_MAX_BYTES
from functions.core.shape import Schema

# A secret named by its ARN, as the functions' policies grant it (a name would read the same
# secret, but IAM's resource is the ARN with its random suffix).
SECRETSMANAGER_ARN = r"^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$"


class Stage(StrEnum):
    LOCAL = "local"
    DEV = "dev"
    PROD = "prod"


class Settings(Schema):
    """Each field is read from the environment variable of the same name in capitals.

    (A plain model, not pydantic-settings: that package alone added 70 ms to every cold start.)
    """

    model_config = ConfigDict(frozen=True, extra="ignore", alias_generator=str.upper)

    stage: Stage
    aws_default_region: str = Field(min_length=1)
    table_name: str = Field(min_length=1)
    documents_bucket: str = Field(min_length=1)
    notifications_queue_url: str = Field(min_length=1)
    notifications_dead_letter_queue_url: str = Field(min_length=1)
    # The account data export's steps (functions/documents/export_steps.py). Only the documents
    # functions send to it; the others run without it (an export asked for without it is refused).
    exports_queue_url: str = ""
    # API Gateway's management API of the WebSocket API (https://<api id>.execute-api.<region>.
    # amazonaws.com/api), which the live functions post each push to (functions/notifications/
    # live_push.py). The deploy names it once the API exists; locally the server's /dev/live.
    # Empty: nothing is pushed (the pages keep polling).
    live_endpoint: str = Field(default="", pattern=r"^(https?://[^?#]+[^/?#])?$")
    user_pool_id: str = Field(min_length=1)
    user_pool_client_id: str = Field(min_length=1)
    sender_email: str = Field(min_length=3)
    business_name: str = Field(min_length=1)
    # The portal's public address, for the links in e-mails and texts.
    portal_url: str = Field(default="", pattern=r"^(https?://[^/]+)?$")
    # Secrets Manager secrets, by ARN (the policies grant each by its ARN): their values are
    # read at run time by core.secrets, never from the environment.
    signin_code_pepper_secret: str = Field(pattern=SECRETSMANAGER_ARN)
    paging_cursor_key_secret: str = Field(pattern=SECRETSMANAGER_ARN)
    payment_keys_secret: str = Field(pattern=SECRETSMANAGER_ARN)  # Stripe's {"secret_key", "webhook_secret"}
    # What CloudFront adds to every request it sends an API (X-Portal-Edge), so a function can
    # believe its CloudFront-Viewer-Address. Absent locally, where no CloudFront stands in front:
    # that header is then the caller's own say-so, and ignored.
    edge_origin_key_secret: str | None = Field(default=None, pattern=SECRETSMANAGER_ARN)
    # How long a function keeps a secret's value: long enough that a warm function rarely asks,
    # short enough that a rotated key is in use within minutes. (0: read on every use, as the
    # functional tests do, so each read is checked against the reading function's policy.)
    secrets_max_age_seconds: int = Field(default=300, ge=0, le=3600)
    # "cognito": Cognito runs the custom-auth loop and calls the trigger Lambdas.
    # "local": the app replays that loop itself (moto runs no triggers); never when deployed.
    auth_backend: Literal["cognito", "local"] = "cognito"
    # Every sign-in start takes this long, so its timing says nothing about the account.
    signin_reply_seconds: float = Field(default=0.8, ge=0, le=5)
    # "sandbox": test cards, no money moves (local and dev); "stripe": real PaymentIntents.
    payment_provider: Literal["sandbox", "stripe"] = "sandbox"
    stripe_publishable_key: str | None = None  # public: the pages hand it to Stripe.js
    # The largest file a customer or operator may upload (S3's POST policy and the confirm check);
    # never above what the published schema says (core.schemas.UPLOAD_MAX_BYTES).
    upload_max_bytes: int = Field(default=UPLOAD_MAX_BYTES, ge=1024, le=UPLOAD_MAX_BYTES)
    # How long the audit log keeps an entry (DynamoDB's TTL removes it after): the business's
    # own rule, at least a month, at most ten years.
    audit_retention_days: int = Field(default=730, ge=30, le=3650)

    @model_validator(mode="after")
    def _local_backend_only_locally(self) -> "Settings":
        if self.auth_backend == "local" and self.is_deployed:
            raise ValueError("AUTH_BACKEND=local is refused in a deployed stage")
        if self.payment_provider == "sandbox" and self.stage is Stage.PROD:
            raise ValueError("PAYMENT_PROVIDER=sandbox is refused in prod: its test cards would settle invoices")
        # Its secret keys are in PAYMENT_KEYS_SECRET, refused when first read if they are not there.
        if self.payment_provider == "stripe" and not self.stripe_publishable_key:
            raise ValueError("PAYMENT_PROVIDER=stripe needs STRIPE_PUBLISHABLE_KEY")
        return self

    @property
    def is_deployed(self) -> bool:
        return self.stage is not Stage.LOCAL

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.aws_default_region}.amazonaws.com/{self.user_pool_id}"


def check_at_cold_start() -> None:
    """In a Lambda, fail the cold start naming every missing variable, not the first request.
    (`chalice package` and `chalice deploy` import the apps too, with no settings: skipped.)"""
    if "AWS_LAMBDA_FUNCTION_NAME" in os.environ:
        get_settings()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings; raises ConfigurationError naming every missing variable."""
    try:
        return Settings.model_validate(dict(os.environ))
    except ValidationError as exc:
        problems = [f"{'.'.join(str(part) for part in err['loc']).upper()}: {err['msg']}" for err in exc.errors()]
        raise ConfigurationError("; ".join(problems)) from exc
