"""Files for the browser to download: stored privately, handed out through short-lived URLs.

A download never passes through API Gateway (binary bodies there depend on the Accept
header, and replies are capped at 10 MB); the API answers with a presigned GET instead.
"""

import re
import secrets
import unicodedata
from urllib.parse import quote

from pydantic import BaseModel

from functions.core import clients
from functions.core.settings import get_settings

DOWNLOAD_SECONDS = 5 * 60


class Download(BaseModel):
    url: str
    file_name: str
    expires_in_seconds: int


def safe_file_name(name: str, fallback: str = "file") -> str:
    """A name fit for display and Content-Disposition: no paths, controls or quotes."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'["<>|:*?]', "_", name).strip(" .")
    return name[:150] or fallback


def content_disposition(file_name: str) -> str:
    """attachment with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987)."""
    ascii_name = unicodedata.normalize("NFKD", file_name).encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"


def download_url(key: str, file_name: str, content_type: str) -> Download:
    """A 5-minute GET for one object of the documents bucket, saved under `file_name`."""
    url = clients.s3().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": get_settings().documents_bucket,
            "Key": key,
            "ResponseContentDisposition": content_disposition(file_name),
            "ResponseContentType": content_type,
        },
        ExpiresIn=DOWNLOAD_SECONDS,
    )
    return Download(url=url, file_name=file_name, expires_in_seconds=DOWNLOAD_SECONDS)


def printout(owner_id: str, body: bytes, file_name: str, content_type: str = "application/pdf") -> Download:
    """Store a generated file (kept a day, see the bucket's lifecycle) and return its download."""
    key = f"printouts/{owner_id}/{secrets.token_urlsafe(24)}"
    clients.s3().put_object(Bucket=get_settings().documents_bucket, Key=key, Body=body, ContentType=content_type)
    return download_url(key, safe_file_name(file_name), content_type)
