"""The portal's open sockets (API Gateway's WebSocket API, docs/live.md): who each one is, and
the ticket a page fetches over HTTPS to open one.

A page asks for a ticket (POST /notifications/live/tickets, or the operator's route): 32 random
bytes, stored by their digest for 30 seconds and good once. It opens wss://<portal>/ws?ticket=…;
the connect handler takes the ticket (a conditional delete: a second use finds nothing) and
reads the person as every request does (core.principal: active, this session still live, the
account and role it acts for), then keeps the connection (pk LIVE#CONNECTION#id):
- gsi1: its audience, the account (LIVE#ACCOUNT#id) or the staff (LIVE#STAFF);
- gsi2: the contact (LIVE#CONTACT#id), for what is theirs alone and for ending their sockets;
- gsi3: LIVE#PRESENCE while its page shows whether chat is staffed (a chat page said hello).
So a push costs one Query of its audience, whatever else is open. The session token never
travels in a URL; the ticket that does is spent by the time anyone could read a log of it.

A connection lives at most two hours (API Gateway closes it then); its item expires by TTL
soon after, in case no disconnect is ever heard.
"""

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, cast

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DeleteError, DoesNotExist
from pynamodb.expressions.update import Action

from functions.core.principal import Principal, principal_by_id
from functions.core.shape import Schema
from functions.core.table import Gsi1, Gsi2, Gsi3, PortalItem, register

TICKET_SECONDS = 30
CONNECTION_SECONDS = 2 * 3600 + 600  # API Gateway's two hours, and some
STAFF_AUDIENCE = "LIVE#STAFF"
PRESENCE = "LIVE#PRESENCE"
SOCKET_PATH = "/ws"


def account_audience(account_id: str) -> str:
    return f"LIVE#ACCOUNT#{account_id}"


def contact_audience(contact_id: str) -> str:
    return f"LIVE#CONTACT#{contact_id}"


@register
class LiveTicketItem(PortalItem):
    """A socket's ticket (pk LIVE#TICKET#<sha-256 of it>, sk TICKET): whose, which session."""

    principal_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    account_id = UnicodeAttribute(null=True)
    session_id = UnicodeAttribute(null=True)


@register
class LiveConnectionItem(PortalItem):
    """An open socket (pk LIVE#CONNECTION#id, sk CONNECTION): whom it tells what, as the person
    was when it opened (a role change or a removal ends it: live_push.end_sockets)."""

    connection_id = UnicodeAttribute()
    principal_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # customer | staff
    name = UnicodeAttribute()
    account_id = UnicodeAttribute(null=True)  # none: a contact who has not chosen an account yet
    role = UnicodeAttribute(null=True)
    scope = UnicodeAttribute(null=True)
    session_id = UnicodeAttribute(null=True)
    connected_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    by_audience = Gsi1()
    by_contact = Gsi2()
    by_presence = Gsi3()


TICKET = "TICKET"
CONNECTION = "CONNECTION"


def _ticket_key(ticket: str) -> str:
    return f"LIVE#TICKET#{hashlib.sha256(ticket.encode()).hexdigest()}"


def connection_key(connection_id: str) -> str:
    return f"LIVE#CONNECTION#{connection_id}"


class LiveTicket(Schema):
    ticket: str
    expires_in: int
    path: str


def issue_ticket(principal: Principal, now: float) -> LiveTicket:
    """A ticket for one socket of this person's session, good once for TICKET_SECONDS."""
    ticket = secrets.token_urlsafe(32)
    LiveTicketItem(
        _ticket_key(ticket),
        TICKET,
        principal_id=principal.principal_id,
        kind=principal.kind,
        account_id=principal.account.account_id if principal.account else None,
        session_id=principal.session_id,
        expires_at=int(now) + TICKET_SECONDS,
    ).save()
    return LiveTicket(ticket=ticket, expires_in=TICKET_SECONDS, path=SOCKET_PATH)


@dataclass(frozen=True)
class Watcher:
    """A connection's person as core.table's checks read one (a Reader): the account it acts
    for, the contact it is, whether they see only their own; and their role on it."""

    connection_id: str
    principal_id: str
    kind: str
    name: str
    account: str | None
    role: str | None
    scope: str | None
    session_id: str | None

    @property
    def account_id(self) -> str:
        return self.account or ""

    @property
    def only_mine(self) -> bool:
        return self.scope == "mine"

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"


def watcher_of(item: LiveConnectionItem) -> Watcher:
    return Watcher(
        item.connection_id,
        item.principal_id,
        item.kind,
        item.name,
        item.account_id,
        item.role,
        item.scope,
        item.session_id,
    )


def _spend(ticket: str, now: float) -> LiveTicketItem | None:
    """The ticket's record, deleted on the way: a second use, or one past its time, is None."""
    try:
        item = LiveTicketItem.get(_ticket_key(ticket), TICKET, consistent_read=True)
        item.delete(condition=LiveTicketItem.pk.exists())
    except (DoesNotExist, DeleteError):
        return None
    return item if int(item.expires_at or 0) > now else None


def _still_signed_in(ticket: LiveTicketItem, now: float) -> Principal | None:
    """The ticket's person as a request would find them now: active, the session live."""
    principal = principal_by_id(ticket.principal_id, ticket.kind)
    if principal is None or not principal.active:
        return None
    if ticket.session_id is not None and (principal.session_ends_at(ticket.session_id) or 0) <= now:
        return None
    return principal.acting_for(ticket.account_id)


def connect(connection_id: str, ticket: str | None, now: float, at: str) -> Watcher | None:
    """Keep a socket opened with a good ticket; None refuses it (the handler answers 401)."""
    spent = _spend(ticket, now) if ticket else None
    principal = _still_signed_in(spent, now) if spent else None
    if principal is None:
        return None
    account = principal.account
    staff = principal.kind == "staff"
    audience = STAFF_AUDIENCE if staff else (account_audience(account.account_id) if account else None)
    item = LiveConnectionItem(
        connection_key(connection_id),
        CONNECTION,
        connection_id=connection_id,
        principal_id=principal.principal_id,
        kind=principal.kind,
        name=principal.name,
        account_id=account.account_id if account else None,
        role=account.role if account else None,
        scope=account.scope if account else None,
        session_id=spent.session_id if spent else None,
        connected_at=at,
        gsi1pk=audience,
        gsi1sk=connection_id if audience else None,
        gsi2pk=contact_audience(principal.principal_id),
        gsi2sk=connection_id,
        expires_at=int(now) + CONNECTION_SECONDS,
    )
    item.save()
    return watcher_of(item)


def connection(connection_id: str) -> LiveConnectionItem | None:
    try:
        return LiveConnectionItem.get(connection_key(connection_id), CONNECTION)
    except DoesNotExist:
        return None


def forget(connection_id: str) -> None:
    """The connection is gone (closed, or API Gateway said GoneException): its item with it."""
    LiveConnectionItem(connection_key(connection_id), CONNECTION).delete()


def watch_presence(connection_id: str, watching: bool) -> None:
    """Whether the connection's page shows if chat is staffed, and so is told when that
    changes: a page that stops showing it (the chat left) stops being told."""
    item = LiveConnectionItem(connection_key(connection_id), CONNECTION)
    actions: list[Action]
    if watching:
        actions = [LiveConnectionItem.gsi3pk.set(PRESENCE), LiveConnectionItem.gsi3sk.set(connection_id)]
    else:
        actions = [LiveConnectionItem.gsi3pk.remove(), LiveConnectionItem.gsi3sk.remove()]
    item.update(actions=actions, condition=LiveConnectionItem.pk.exists())


def _query(index: Any, partition: str) -> list[Watcher]:
    return [watcher_of(cast(LiveConnectionItem, item)) for item in index.query(partition)]


def audience(partition: str) -> list[Watcher]:
    """The sockets of an account (account_audience) or of the staff (STAFF_AUDIENCE)."""
    return _query(LiveConnectionItem.by_audience, partition)


def of_contact(contact_id: str) -> list[Watcher]:
    return _query(LiveConnectionItem.by_contact, contact_audience(contact_id))


def presence_watchers() -> list[Watcher]:
    return _query(LiveConnectionItem.by_presence, PRESENCE)


def operators_online(joined: str | None = None, left: str | None = None) -> int:
    """How many operators have the console open now (each once, however many tabs). The index
    may not show a connection just made or just gone yet: `joined` (the operator who just
    connected) counts, and `left` (the connection just closed) does not."""
    operators = {watcher.principal_id for watcher in audience(STAFF_AUDIENCE) if watcher.connection_id != left}
    return len(operators | ({joined} if joined else set()))
