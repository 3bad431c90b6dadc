"""Live pushes: from the table's stream to the open sockets (docs/live.md).

The function reads every record of the stream (a second reader beside the relay) and asks
each domain what its own records mean (core.live: tickets.live for chat and the staff counts,
feed.unread_pushes for the badge); each push goes to the sockets of its audience that may
receive it (`receives`, the one check), through API Gateway's management API. A socket that
is gone (GoneException) is forgotten. Any other failure fails the record: the mapping hands it
over again, so a push arrives at least once and the pages drop what they have drawn (by id).

Records that change who a person is end their sockets (`end_sockets`): a session revoked or
signed out everywhere, a person deactivated, a contact's role changed or removed. The page
asks a new ticket, which says who they are now, or is refused.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from botocore.exceptions import ClientError

from functions.core import clients
from functions.core.clock import SystemClock
from functions.core.live import Image, Push, keys_of
from functions.core.logging import logger
from functions.core.principal import ACCOUNT_PREFIX, PROFILE, principal_by_id
from functions.core.roles import allowed
from functions.core.table import may_see
from functions.notifications import feed, live
from functions.notifications.live import Watcher
from functions.tickets import live as tickets_live

Decoder = Callable[[Image, Image | None], list[Push]]
DECODERS: tuple[Decoder, ...] = (tickets_live.pushes_of, feed.unread_pushes)
PERSON_PREFIXES = ("CONTACT#", "STAFF#")


def receives(watcher: Watcher, push: Push) -> bool:
    """Whether this socket is told this push: the staff what is the staff's; a contact their
    own, and what their account's item is if their role reads its area and they may see it."""
    if watcher.is_staff:
        return push.staff
    if push.contact_id is not None and push.contact_id == watcher.principal_id:
        return True
    if push.account_id is None or watcher.account != push.account_id:
        return False
    if push.area is not None and not allowed(watcher.role, push.area, "GET"):
        return False
    return may_see(watcher, push.account_id, push.created_by)


class Sockets:
    """One invocation's view of who is connected: each audience read once, sent to in order."""

    def __init__(self) -> None:
        self._read: dict[str, list[Watcher]] = {}

    def _of(self, key: str, read: Callable[[], list[Watcher]]) -> list[Watcher]:
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]

    def watchers(self, push: Push) -> Iterable[Watcher]:
        found: dict[str, Watcher] = {}
        if push.staff:
            found.update((w.connection_id, w) for w in self._of(live.STAFF_AUDIENCE, _staff))
        if push.account_id is not None:
            audience = live.account_audience(push.account_id)
            found.update((w.connection_id, w) for w in self._of(audience, lambda: live.audience(audience)))
        if push.contact_id is not None:
            contact = push.contact_id
            found.update((w.connection_id, w) for w in self._of(f"contact:{contact}", lambda: live.of_contact(contact)))
        return found.values()

    def push(self, push: Push, but: str | None = None) -> int:
        """Send `push` to every socket that receives it (but `but`, its sender). How many got it."""
        told = 0
        data = json.dumps(push.message, separators=(",", ":"), sort_keys=True).encode()
        for watcher in self.watchers(push):
            if watcher.connection_id != but and receives(watcher, push) and send(watcher.connection_id, data):
                told += 1
        return told


def _staff() -> list[Watcher]:
    return live.audience(live.STAFF_AUDIENCE)


def send(connection_id: str, data: bytes) -> bool:
    """Post to one socket; False (and the socket forgotten) when API Gateway says it is gone."""
    try:
        clients.live_connections().post_to_connection(ConnectionId=connection_id, Data=data)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "GoneException":
            raise
        live.forget(connection_id)
        return False
    return True


def close(connection_id: str) -> None:
    """End a socket from this side (its page then asks a new ticket, or is refused one)."""
    try:
        clients.live_connections().delete_connection(ConnectionId=connection_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "GoneException":
            raise
    live.forget(connection_id)


def tell_presence(joined: str | None = None, left: str | None = None) -> int:
    """How many operators are online, to every page showing it, after one came (`joined`, their
    id) or went (`left`, the connection closed): live.operators_online."""
    online = live.operators_online(joined, left)
    data = json.dumps({"type": "presence", "id": f"presence-{online}", "operators_online": online}).encode()
    for watcher in live.presence_watchers():
        send(watcher.connection_id, data)
    return online


def end_sockets(event_name: str, keys: Image, image: Image | None, now: float) -> int:
    """End the sockets a change of who someone is makes wrong. How many were ended."""
    pk, sk = keys_of(keys)
    if not pk.startswith(PERSON_PREFIXES):
        return 0
    person_id = pk.split("#", 1)[1]
    if "#" in person_id:  # a partition of the person's own things (their feed), not the person
        return 0
    if sk == PROFILE and image is not None:
        # The record may be older than some of the sockets (the stream is behind): judge them
        # by the person as they are now, one read, never by the record's image.
        kind = "customer" if pk.startswith("CONTACT#") else "staff"
        person = principal_by_id(person_id, kind)
        ending = [
            watcher
            for watcher in live.of_contact(person_id)
            if person is None
            or not person.active
            or (watcher.session_id is not None and (person.session_ends_at(watcher.session_id) or 0) <= now)
        ]
    elif sk.startswith(ACCOUNT_PREFIX) and (event_name == "REMOVE" or image is not None):
        # Judged by the membership as it is now too: a socket opened after the record (the
        # contact just added, signed in within the stream's lag) already holds the role it has.
        account_id = sk.removeprefix(ACCOUNT_PREFIX)
        person = principal_by_id(person_id, "customer")
        now_holds = {(m.role, m.scope) for m in (person.memberships if person else ()) if m.account_id == account_id}
        ending = [
            watcher
            for watcher in live.of_contact(person_id)
            if watcher.account == account_id and (watcher.role, watcher.scope) not in now_holds
        ]
    else:
        return 0
    for watcher in ending:
        close(watcher.connection_id)
    return len(ending)


def fan_out(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The stream handler: each record's pushes, then the sockets it ends; a failure is that
    record's (ReportBatchItemFailures), handed over again from it."""
    sockets, clock = Sockets(), SystemClock()

    def record_handler(record: DynamoDBRecord) -> None:
        change = record.raw_event
        stream = change.get("dynamodb") or {}
        keys, image = stream.get("Keys") or {}, stream.get("NewImage")
        if "pk" not in keys or "sk" not in keys:
            return
        for decode in DECODERS:
            for push in decode(keys, image):
                sockets.push(push)
        ended = end_sockets(str(change.get("eventName")), keys, image, clock.now().timestamp())
        if ended:
            logger.info("sockets ended", extra={"sockets": ended, "record": keys_of(keys)[1]})

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
