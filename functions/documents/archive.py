"""A zip written straight into the bucket: parts streamed in, a multipart upload out.

Nothing holds the whole zip, nor a whole file: zipfile writes entries to a stream it cannot
seek (so each entry's sizes follow it, in a data descriptor), and the stream uploads a part
each time PART_BYTES have gathered. Memory stays about one part, whatever the export's size.
"""

import zipfile
from collections.abc import Iterable
from types import TracebackType
from typing import IO, Any

from functions.core import clients
from functions.core.settings import get_settings

PART_BYTES = 8 * 1024 * 1024  # S3 wants 5 MiB at least of every part but the last
READ_BYTES = 1024 * 1024


class MultipartUpload:
    """A write-only stream whose bytes become one object, uploaded a part at a time."""

    def __init__(self, key: str, content_type: str) -> None:
        self._s3 = clients.s3()
        self._bucket = get_settings().documents_bucket
        self._key = key
        self._upload_id = self._s3.create_multipart_upload(Bucket=self._bucket, Key=key, ContentType=content_type)[
            "UploadId"
        ]
        self._buffer = bytearray()
        self._parts: list[Any] = []
        self._written = 0

    # What zipfile asks of a stream it cannot seek: write, tell, flush.
    def write(self, data: bytes) -> int:
        self._buffer += data
        self._written += len(data)
        if len(self._buffer) >= PART_BYTES:
            self._send()
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        """Parts go when they are full (S3 refuses small ones): nothing to do before."""

    def close(self) -> None:
        """The upload ends with complete() or abort(), which say how."""

    def _send(self) -> None:
        number = len(self._parts) + 1
        sent = self._s3.upload_part(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, PartNumber=number, Body=bytes(self._buffer)
        )
        self._parts.append({"PartNumber": number, "ETag": sent["ETag"]})
        self._buffer.clear()

    def complete(self) -> int:
        """Upload what is left and make the object. Returns its size in bytes."""
        if self._buffer or not self._parts:
            self._send()
        self._s3.complete_multipart_upload(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, MultipartUpload={"Parts": self._parts}
        )
        return self._written


class ZipWriter:
    """`with ZipWriter(key) as archive:` entries in, one zip object out. On an error nothing is
    completed: the retry starts a new upload, and the parts sent are S3's lifecycle's to drop
    (docs/export.md: the function has no right to abort, which only a failure would use)."""

    def __init__(self, key: str) -> None:
        self._upload = MultipartUpload(key, "application/zip")
        self._zip = zipfile.ZipFile(self._upload, "w", compression=zipfile.ZIP_DEFLATED)
        self.size = 0

    def __enter__(self) -> "ZipWriter":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if error is not None:
            return
        self._zip.close()
        self.size = self._upload.complete()

    def entry(self, name: str) -> IO[bytes]:
        """A new entry to write to (force_zip64: its size is not known before it is written)."""
        opened: IO[bytes] = self._zip.open(name, "w", force_zip64=True)
        return opened

    def copy(self, name: str, chunks: Iterable[bytes]) -> None:
        with self.entry(name) as out:
            for chunk in chunks:
                out.write(chunk)


def object_chunks(key: str) -> Iterable[bytes]:
    """An object of the bucket, a megabyte at a time."""
    body = clients.s3().get_object(Bucket=get_settings().documents_bucket, Key=key)["Body"]
    yield from body.iter_chunks(READ_BYTES)
