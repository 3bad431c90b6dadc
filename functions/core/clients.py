"""AWS clients, created on first use and then kept for the life of the process.

boto3 is imported here, inside the functions, so that a cold start pays for it only when a
request really needs AWS (GET /health does not).
"""

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ses import SESClient
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sqs import SQSClient


@cache
def _client(service: str) -> Any:
    import boto3

    # One session per process: boto3's default session is not thread-safe to create.
    return boto3.session.Session().client(service)  # type: ignore[call-overload]


def s3() -> "S3Client":
    return _client("s3")  # type: ignore[no-any-return]


def sqs() -> "SQSClient":
    return _client("sqs")  # type: ignore[no-any-return]


def ses() -> "SESClient":
    return _client("ses")  # type: ignore[no-any-return]


def sns() -> "SNSClient":
    return _client("sns")  # type: ignore[no-any-return]


def reset() -> None:
    """Forget every client (tests switch endpoints between runs)."""
    _client.cache_clear()
