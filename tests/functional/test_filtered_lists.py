"""A filtered page costs the same DynamoDB calls whatever the history (bench/filtered_lists.py
measures 10 against 10,000 items; here 10 against 300, where reading on would take 60 calls)."""

import pytest

from bench.filtered_lists import HISTORY, pages, write_history
from bench.stack import round_trips


@pytest.mark.parametrize("name", ["my open tickets", "urgent tickets in a queue", "my reports"])
def test_one_page_of_a_filtered_list_is_one_read_with_10_or_300_items_of_history(
    settings_env: dict[str, str], name: str
) -> None:
    # Given two customers, one with 10 and one with 300 items that the filter does not match
    lists = {label: pages(write_history(label, count), label) for label, count in (("short", 10), ("long", 300))}
    assert set(HISTORY) == set(lists)
    # When each asks for the first page of 20
    (_, short_calls), (_, long_calls) = round_trips(lists["short"][name]), round_trips(lists["long"][name])
    # Then both cost one DynamoDB call, and the long one says there is more to read
    assert short_calls == long_calls == 1
    page = lists["long"][name]()
    assert page.items == []
    assert page.next_cursor is not None
