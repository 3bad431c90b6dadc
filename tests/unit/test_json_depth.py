"""core.http.json_depth: nesting counted outside strings, escapes understood, deep stops early."""

import pytest

from functions.core.http import MAX_JSON_DEPTH, json_depth


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b"[" * 40 + b"]" * 40, MAX_JSON_DEPTH + 1),  # deeper than allowed: counted to the first level past it
        (b"[" * 32 + b"]" * 32 + b"[" * 32, 32),  # many brackets, never more than 32 open at once
        (b'{"a": "' + b"[" * 100 + b'"}', 1),  # brackets in a string are text
        (b'{"a": "\\"' + b"[" * 100 + b'"}', 1),  # an escaped quote does not end the string
        (b'{"a": "\\\\"' + b", " + b"[" * 33 + b"]" * 33 + b"}", MAX_JSON_DEPTH + 1),  # an escaped backslash does
    ],
)
def test_depth_counts_only_brackets_outside_strings(raw: bytes, depth: int) -> None:
    assert json_depth(raw) == depth


def test_an_unclosed_string_is_one_pass_not_a_backtracking_search() -> None:
    # 64 KB of escaped quotes after enough brackets to need the scan: a regex for strings tried
    # every quote as a start (13 s here); the scan reads each byte once and reports the depth.
    raw = b"[" * (MAX_JSON_DEPTH + 1) + b'"' + b'\\"' * 32_000
    assert json_depth(raw) == MAX_JSON_DEPTH + 1
