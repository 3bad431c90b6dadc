"""Files in the private documents bucket, in and out through short-lived presigned URLs.

No file body passes through API Gateway (binary bodies there depend on the Accept header,
and requests and replies are capped at 10 MB): the browser posts uploads straight to S3
with a presigned POST and downloads with a presigned GET. Keys are made here, never taken
from a client.
"""

import re
import secrets
import unicodedata
from typing import Any
from urllib.parse import quote

from functions.core import clients
from functions.core.settings import get_settings
from functions.core.shape import Schema

DOWNLOAD_SECONDS = 5 * 60
UPLOAD_SECONDS = 15 * 60
SNIFF_BYTES = 512  # enough for every signature core.filetypes knows


class Download(Schema):
    url: str
    file_name: str
    expires_in_seconds: int


class UploadForm(Schema):
    """Where and how the browser posts one file: `fields` first, then the file as `file`."""

    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_in_seconds: int


class StoredObject(Schema):
    size: int
    content_type: str
    head: bytes


def new_key(prefix: str) -> str:
    """A key no one can guess: 192 random bits under the owner's prefix."""
    return f"{prefix}/{secrets.token_urlsafe(24)}"


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
    key = new_key(f"printouts/{owner_id}")
    clients.s3().put_object(Bucket=get_settings().documents_bucket, Key=key, Body=body, ContentType=content_type)
    return download_url(key, safe_file_name(file_name), content_type)


def upload_form(key: str, content_type: str, max_bytes: int) -> UploadForm:
    """A 15-minute presigned POST whose policy fixes the key, the size range and the type.

    S3 refuses a POST that breaks the policy; the confirm step checks the object again
    anyway (what is stored is what counts, and moto does not enforce POST policies).
    """
    form = clients.s3().generate_presigned_post(
        Bucket=get_settings().documents_bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=UPLOAD_SECONDS,
    )
    return UploadForm(url=form["url"], fields=form["fields"], max_bytes=max_bytes, expires_in_seconds=UPLOAD_SECONDS)


def stored_object(key: str) -> StoredObject | None:
    """What really is at `key` (size, type, first bytes), or None if nothing was uploaded.

    One ranged GET: its Content-Range carries the whole object's size, so no HEAD is needed.
    """
    s3 = clients.s3()
    try:
        got = s3.get_object(Bucket=get_settings().documents_bucket, Key=key, Range=f"bytes=0-{SNIFF_BYTES - 1}")
    except s3.exceptions.ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code in {"404", "NoSuchKey", "NotFound"}:
            return None
        if code == "InvalidRange":  # an empty object: no byte to range over
            return StoredObject(size=0, content_type="", head=b"")
        raise
    size = int(got["ContentRange"].rsplit("/", 1)[-1])
    return StoredObject(size=size, content_type=got.get("ContentType", ""), head=got["Body"].read())


def delete_object(key: str) -> None:
    """Remove every version of `key` (the bucket is versioned: a plain delete only hides it)."""
    s3 = clients.s3()
    bucket = get_settings().documents_bucket
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=key):
        versions: list[Any] = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
            if v["Key"] == key
        ]
        if versions:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": versions, "Quiet": True})
