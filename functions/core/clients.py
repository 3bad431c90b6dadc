"""AWS clients, created on first use and then kept for the life of the process.

boto3 is imported here, inside the functions, so that a cold start pays for it only when a
request really needs AWS (GET /health does not).
"""

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ses import SESClient
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sqs import SQSClient


@cache
def botocore_session() -> Any:
    """The process's one botocore session, under boto3's clients and pynamodb's alike
    (core.table): a session loads each service's model and the endpoint rules once, however
    many clients are made from it; a session each costs ~40 ms of JSON a first request."""
    from botocore.session import get_session

    return get_session()


@cache
def session() -> Any:
    """One boto3 session per process, on the process's botocore session (and, unlike boto3's
    default session, created once, not raced for by threads)."""
    import boto3

    return boto3.session.Session(botocore_session=botocore_session())


@cache
def _client(service: str) -> Any:
    return session().client(service)


@cache
def secrets_manager() -> Any:
    """Straight from botocore: every signed-in request's first read (core.secrets), and boto3's
    import (~20 ms) is more than the client itself costs."""
    return botocore_session().create_client("secretsmanager")


@cache
def s3() -> "S3Client":
    from botocore.config import Config

    # SigV4 for presigned URLs and POST policies: every region takes it, and its URLs carry
    # their own expiry (X-Amz-Expires) inside what is signed.
    return session().client("s3", config=Config(signature_version="s3v4"))  # type: ignore[no-any-return]


def sqs() -> "SQSClient":
    return _client("sqs")  # type: ignore[no-any-return]


def ses() -> "SESClient":
    return _client("ses")  # type: ignore[no-any-return]


def sns() -> "SNSClient":
    return _client("sns")  # type: ignore[no-any-return]


def cognito() -> "CognitoIdentityProviderClient":
    return _client("cognito-idp")  # type: ignore[no-any-return]


def reset() -> None:
    """Forget every client (tests switch endpoints between runs)."""
    _client.cache_clear()
    secrets_manager.cache_clear()
    s3.cache_clear()
    live_connections.cache_clear()


def dynamodb() -> Any:
    """The low-level client, for what pynamodb cannot say (one BatchGetItem across item types)."""
    return _client("dynamodb")


@cache
def live_connections() -> Any:
    """API Gateway's management API of the WebSocket API: PostToConnection, DeleteConnection.
    Its endpoint is the API's own stage URL (settings.live_endpoint), not a regional one."""
    from botocore.config import Config

    from functions.core.settings import get_settings

    # A push answers in milliseconds or not at all: one that hangs must not hold every push
    # behind it on the stream for botocore's default minute (and its retries) per try.
    quick = Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard", "max_attempts": 2})
    return session().client("apigatewaymanagementapi", endpoint_url=get_settings().live_endpoint, config=quick)
