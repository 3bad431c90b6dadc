"""What the confirm step accepts: a file's first bytes must match the type it claims."""

import pytest

from functions.documents.filetypes import ALLOWED, looks_like


@pytest.mark.parametrize(
    ("content_type", "head"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3"),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("image/webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("text/plain", "Zażółć gęślą jaźń".encode()),
        ("text/csv", "name;amount\nŁódź;12\n".encode()),
        ("text/plain", "cut in the middle of ł".encode()[:-1]),  # the 512-byte sample may end inside a letter
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04\x14\x00"),
    ],
)
def test_files_that_are_what_they_claim(content_type: str, head: bytes) -> None:
    assert looks_like(content_type, head)


@pytest.mark.parametrize(
    ("content_type", "head"),
    [
        ("application/pdf", b"MZ\x90\x00\x03"),  # a Windows program
        ("image/png", b"%PDF-1.4"),
        ("image/webp", b"RIFF\x24\x00\x00\x00WAVEfmt "),  # a sound file
        ("text/plain", b"\x7fELF\x02\x01\x01\x00"),  # a Linux program
        ("text/csv", b"\xff\xfe\x00\x00binary"),
        ("application/x-msdownload", b"MZ\x90\x00"),  # not a type the portal takes at all
        ("application/pdf", b""),
    ],
)
def test_files_that_are_not(content_type: str, head: bytes) -> None:
    assert not looks_like(content_type, head)


def test_every_accepted_type_has_an_extension() -> None:
    assert all(extension.startswith(".") for extension, _ in ALLOWED.values())
