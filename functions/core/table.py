"""The portal's one DynamoDB table, as pynamodb sees it.

Every item type is a pynamodb Model on the same table (pk, sk, three overloaded GSIs). The
table name is read from the settings when the first request needs it, not at import, so
`chalice package` can import the app without settings and tests can point it anywhere.
"""

import threading
from typing import Any, Protocol, TypeVar

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection, TableConnection
from pynamodb.exceptions import DoesNotExist
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from functions.core import clients
from functions.core.errors import NotFound
from functions.core.settings import get_settings


class _SettingsTable(type):
    @property
    def table_name(cls) -> str:
        return get_settings().table_name


class _Meta(metaclass=_SettingsTable):
    # None: botocore's own resolution (AWS_DEFAULT_REGION, AWS_ENDPOINT_URL) applies.
    region = None
    host = None


class Gsi1(GlobalSecondaryIndex["PortalItem"]):  # type: ignore[no-untyped-call]
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex["PortalItem"]):  # type: ignore[no-untyped-call]
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Gsi3(GlobalSecondaryIndex["PortalItem"]):  # type: ignore[no-untyped-call]
    """One contact's items of an account, of one kind: what a contact who sees "only mine"
    lists (its pk names the account, the contact and the kind; docs/accounts.md)."""

    class Meta:
        index_name = "gsi3"
        projection = AllProjection()

    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


class PortalItem(Model):
    """Base of every item: its keys, and the TTL attribute DynamoDB expires it by."""

    Meta = _Meta  # type: ignore[assignment]  # table name from the settings, see _SettingsTable

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expires_at = NumberAttribute(null=True)

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """pynamodb's connection for this model (its own, for its keys and indexes), sending
        through the process's one DynamoDB client rather than a client and a botocore session
        of its own: those cost ~50 ms for every model a first request touches."""
        connection = super()._get_connection()
        if connection.connection._client is None:
            connection.connection._client = transaction_connection().client
        return connection


class _OnProcessSession(Connection):
    """pynamodb's Connection on the process's botocore session (core.clients), which boto3's
    clients share; pynamodb would start a new session, reloading every model file."""

    @property
    def session(self) -> Any:
        return clients.botocore_session()


_models: list[type[Model]] = []
_shared: dict[str, Connection] = {}
_shared_lock = threading.Lock()


def register(model: type[Model]) -> type[Model]:
    """Remember a model so reset_connections can forget its cached connection (every model
    made from PortalItem is found without it)."""
    _models.append(model)
    return model


def transaction_connection() -> Connection:
    """The process's one pynamodb Connection, for transactions; its client is also every
    model's (PortalItem._get_connection)."""
    with _shared_lock:  # botocore's client creation is not thread-safe: one thread makes it
        if "connection" not in _shared:
            connection = _OnProcessSession()
            connection.client  # noqa: B018 - made now, under the lock
            _shared["connection"] = connection
        return _shared["connection"]


def _models_of(model: type[Model]) -> list[type[Model]]:
    """The model and every model made from it, however deep."""
    return [model, *(each for sub in model.__subclasses__() for each in _models_of(sub))]


def reset_connections() -> None:
    """Forget cached connections and the client (the local stack and tests point boto at a new
    endpoint). Each item type keeps a connection of its own, so each is forgotten."""
    with _shared_lock:
        _shared.clear()
    for model in {*_models_of(PortalItem), *_models}:
        model._connection = None


def cancellation_codes(exc: Any) -> list[str | None]:
    """The per-item reasons of a cancelled transaction, in the order the items were written."""
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return [getattr(reason, "code", None) if reason else None for reason in reasons]


Item = TypeVar("Item", bound=PortalItem)


class Reader(Protocol):
    """Who reads an account's items (core.principal.Principal): the account it acts for, the
    contact it is, and whether that contact sees only the items they created."""

    @property
    def account_id(self) -> str: ...

    @property
    def principal_id(self) -> str: ...

    @property
    def only_mine(self) -> bool: ...


# An account's item is read by a Reader (a customer's request), by an account id alone (the
# business, or a domain checking a link in the account's name: the whole account's), or by
# None (an operator: anyone's).
Owner = Reader | str | None


def account_of(owner: Reader | str) -> str:
    return owner if isinstance(owner, str) else owner.account_id


def contact_only(owner: Owner) -> str | None:
    """The contact whose items alone `owner` sees, or None when it sees the whole account's."""
    if owner is None or isinstance(owner, str) or not owner.only_mine:
        return None
    return owner.principal_id


def creator_of(owner: Reader | str) -> str | None:
    """Who a new item records as its creator (created_by): the contact making it; None when
    the business makes it (an account id alone) or in the account's name (in_the_name_of,
    whose principal_id is ""): such items are the account's, seen by every contact with the
    area, as are the items made before contacts were recorded."""
    return None if isinstance(owner, str) else owner.principal_id or None


def may_see(owner: Owner, customer_id: str, created_by: str | None) -> bool:
    """Whether `owner` may see an item of account `customer_id` made by contact `created_by`:
    the one check of whose an item is, for every domain's reader of an item by its id."""
    if owner is None:
        return True
    if customer_id != account_of(owner):
        return False
    mine = contact_only(owner)
    # An item without created_by (the business's, or made before it was recorded) is the
    # account's: a contact who sees only their own does not see it.
    return mine is None or created_by == mine


def owned_item(model: type[Item], pk: str, sk: str, owner: Owner, missing: str) -> Item:
    """One item by its keys, if `owner` may see it (may_see). A missing item, another
    account's and a colleague's (for a contact who sees only their own) are the same
    NotFound(missing): an id tells nothing about whose it is."""
    try:
        item = model.get(pk, sk, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound(missing) from exc
    customer_id = item.customer_id  # type: ignore[attr-defined]
    if not may_see(owner, customer_id, getattr(item, "created_by", None)):
        raise NotFound(missing)
    return item
