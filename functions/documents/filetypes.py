"""Which files the portal takes, and how to tell what a stored file really is.

The declared content type is only a claim: the confirm step compares it with the object's
first bytes, so a program renamed to .pdf is refused even though S3 stored it.
"""

from collections.abc import Callable

_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda head: any(head.startswith(signature) for signature in signatures)


def _text(head: bytes) -> bool:
    """Plain text: no NUL bytes, and UTF-8 (a character cut at the end of the sample is fine)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3
    return True


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


# content type -> (usual extension, what its first bytes must look like)
ALLOWED: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "application/pdf": (".pdf", _starts(b"%PDF-")),
    "image/png": (".png", _starts(b"\x89PNG\r\n\x1a\n")),
    "image/jpeg": (".jpg", _starts(b"\xff\xd8\xff")),
    "image/webp": (".webp", _webp),
    "text/plain": (".txt", _text),
    "text/csv": (".csv", _text),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", _starts(_ZIP)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx", _starts(_ZIP)),
    "application/vnd.oasis.opendocument.text": (".odt", _starts(_ZIP)),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods", _starts(_ZIP)),
}


def looks_like(content_type: str, head: bytes) -> bool:
    """Whether a file's first bytes match the type it was declared as."""
    allowed = ALLOWED.get(content_type)
    return allowed is not None and allowed[1](head)
