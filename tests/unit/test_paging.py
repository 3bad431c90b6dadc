import pytest

from functions.core.errors import InvalidRequest
from functions.core.paging import MAX_PAGE_SIZE, decode_cursor, encode_cursor, page_size


def test_a_cursor_round_trips_the_last_key() -> None:
    key = {"pk": "CUSTOMER#01H", "sk": "ORDER#2026-11-23#01J"}

    cursor = encode_cursor(key)

    assert cursor is not None
    assert "CUSTOMER" not in cursor
    assert decode_cursor(cursor) == key


def test_no_last_key_means_no_next_page() -> None:
    assert encode_cursor(None) is None
    assert decode_cursor(None) is None


@pytest.mark.parametrize("tampered", ["%%%", "bm90IGpzb24", "WzEsMl0", "eyIxIjoxfQ"[:-1] + "!"])
def test_a_tampered_cursor_is_a_clear_400(tampered: str) -> None:
    with pytest.raises(InvalidRequest, match="page link"):
        decode_cursor(tampered)


@pytest.mark.parametrize(("raw", "size"), [(None, 20), ("1", 1), (str(MAX_PAGE_SIZE), MAX_PAGE_SIZE)])
def test_page_sizes(raw: str | None, size: int) -> None:
    assert page_size(raw) == size


@pytest.mark.parametrize("raw", ["", "0", "-1", "abc", str(MAX_PAGE_SIZE + 1), "1.5"])
def test_page_size_out_of_range_is_refused(raw: str) -> None:
    with pytest.raises(InvalidRequest, match="limit"):
        page_size(raw)
