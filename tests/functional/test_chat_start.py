"""One open chat per customer, even when two starts race (two tabs, a double click): the
second start gets the first one's chat, not a second chat the operators see twice."""

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from functions.core.clock import FixedClock
from functions.core.principal import Principal
from functions.customers.service import find_principal
from functions.tickets import chat
from functions.tickets.models import ChatItem, chats_of
from tests.functional.visitor import Visitor

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def dana_principal(people: dict[str, str]) -> Principal:
    found = find_principal("demo@example.com")
    assert found is not None
    return found.acting_for(None)  # her one account


def _reads_meet(monkeypatch: pytest.MonkeyPatch, barrier: threading.Barrier) -> None:
    """Each thread's first read of the table waits for the other's: both starts have looked
    before either writes, the interleaving a read-then-create start loses. (At moto's door,
    after atomic_aws_calls: whatever model or client the service reads with.)"""
    first = threading.local()
    answer = BotocoreStubber.__call__

    def read_then_meet(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        response = answer(self, event_name, request, **kwargs)
        reads = ("before-send.dynamodb.GetItem", "before-send.dynamodb.Query")
        racing = threading.current_thread().name.startswith("start-")
        if racing and event_name in reads and not getattr(first, "done", False):
            first.done = True
            barrier.wait(timeout=10)
        return response

    monkeypatch.setattr(BotocoreStubber, "__call__", read_then_meet)


def test_two_starts_that_race_make_one_chat(
    atomic_aws_calls: None, dana_principal: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(START)
    started: list[str] = []
    failed: list[BaseException] = []

    def start() -> None:
        try:
            started.append(chat.start(dana_principal, clock).chat_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)

    _reads_meet(monkeypatch, threading.Barrier(2))
    threads = [threading.Thread(target=start, name=f"start-{n}") for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failed == [], [repr(e) for e in failed]
    assert len(started) == 2
    assert started[0] == started[1]
    assert ChatItem.by_customer.count(chats_of(dana_principal.principal_id)) == 1


def test_after_a_chat_ends_or_becomes_a_ticket_the_next_start_is_a_new_chat(
    dana: Visitor, dana_principal: Principal
) -> None:
    first = dana.post("/tickets/chats").json_body["chat_id"]
    assert dana.post("/tickets/chats").json_body["chat_id"] == first
    dana.post(f"/tickets/chats/{first}/end")

    second = dana.post("/tickets/chats").json_body["chat_id"]
    assert second != first
    assert dana.post(f"/tickets/chats/{second}/ticket").status_code == 201

    third = dana.post("/tickets/chats").json_body["chat_id"]
    assert third not in (first, second)
    assert dana.post("/tickets/chats").json_body["chat_id"] == third
