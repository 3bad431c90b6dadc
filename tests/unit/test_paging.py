import base64
import json
from contextlib import AbstractContextManager

import pytest

from functions.core.errors import InvalidRequest
from functions.core.paging import MAX_PAGE_SIZE, cursor_scope, decode_cursor, encode_cursor, page_size

KEY = {"pk": {"S": "CUSTOMER#01H"}, "sk": {"S": "ORDER#2026-11-23#01J"}}


@pytest.fixture(autouse=True)
def settings(stage_secrets: dict[str, str]) -> None:
    """The cursor key in the stage's secret, as a Lambda reads it."""


def _in(route: str = "GET /orders", caller: str = "dana", **query: str) -> AbstractContextManager[None]:
    return cursor_scope(route, {}, query, caller)


def test_a_cursor_round_trips_the_last_key_in_its_own_scope() -> None:
    with _in():
        cursor = encode_cursor(KEY)
        assert cursor is not None
        assert "CUSTOMER" not in cursor
        assert decode_cursor(cursor) == KEY


def test_the_next_page_keeps_its_scope_whatever_the_page_size() -> None:
    with _in(limit="5"):
        cursor = encode_cursor(KEY)
    with _in(limit="50", cursor="ignored"):
        assert decode_cursor(cursor) == KEY


def test_no_last_key_means_no_next_page() -> None:
    assert encode_cursor(None) is None
    assert decode_cursor(None) is None


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"route": "GET /invoices"},  # another list
        {"caller": "lea"},  # another person
        {"status": "open"},  # another filter of the same list
    ],
)
def test_a_cursor_is_refused_outside_the_scope_that_made_it(elsewhere: dict[str, str]) -> None:
    with _in():
        cursor = encode_cursor(KEY)
    with _in(**elsewhere), pytest.raises(InvalidRequest, match="page link") as refused:
        decode_cursor(cursor)
    assert refused.value.code == "invalid_cursor"


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("edited", [{"x": 1}, {"pk": "CUSTOMER#01H", "sk": "plain string"}, [1, 2], "text"])
def test_an_edited_cursor_is_a_clear_400(edited: object) -> None:
    with _in():
        genuine = encode_cursor(KEY)
        assert genuine is not None
        tag = genuine.partition(".")[2]
        for forged in (_b64(edited), f"{_b64(edited)}.{tag}"):
            with pytest.raises(InvalidRequest, match="page link"):
                decode_cursor(forged)


@pytest.mark.parametrize("tampered", ["%%%", "bm90IGpzb24", "WzEsMl0", "eyIxIjoxfQ!", "a.b.c", ".", "x." + "A" * 22])
def test_a_cursor_that_is_not_one_is_a_clear_400(tampered: str) -> None:
    with _in(), pytest.raises(InvalidRequest, match="page link"):
        decode_cursor(tampered)


@pytest.mark.parametrize(("raw", "size"), [(None, 20), ("1", 1), (str(MAX_PAGE_SIZE), MAX_PAGE_SIZE)])
def test_page_sizes(raw: str | None, size: int) -> None:
    assert page_size(raw) == size


@pytest.mark.parametrize("raw", ["", "0", "-1", "abc", str(MAX_PAGE_SIZE + 1), "1.5"])
def test_page_size_out_of_range_is_refused(raw: str) -> None:
    with pytest.raises(InvalidRequest, match="limit"):
        page_size(raw)
