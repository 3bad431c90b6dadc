"""What S3 checks before it serves a presigned GET, which moto does not check: the SigV4
query signature and the expiry it covers (X-Amz-Date + X-Amz-Expires).

The signature is recomputed from the URL with the credentials it was signed with, the way
S3 does, so editing X-Amz-Expires to stretch a link breaks it.
"""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, urlsplit


def _sign(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def refusal(url: str, secret_key: str, at: datetime) -> str | None:
    """Why S3 would refuse this presigned GET at `at`, or None if it would serve it."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    signature = query.pop("X-Amz-Signature", "")
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    scope = query["X-Amz-Credential"].split("/", 1)[1]
    day, region, service, _ = scope.split("/")
    canonical_query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query.items()))
    canonical_request = "\n".join(
        ["GET", quote(parts.path, safe="/-_.~%"), canonical_query, f"host:{parts.netloc}\n", "host", "UNSIGNED-PAYLOAD"]
    )
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", query["X-Amz-Date"], scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _sign(_sign(_sign(_sign(f"AWS4{secret_key}".encode(), day), region), service), "aws4_request")
    if not hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature):
        return "SignatureDoesNotMatch"
    if at > signed_at + timedelta(seconds=int(query["X-Amz-Expires"])):
        return "Request has expired"
    return None
