"""The portal's one DynamoDB table, as pynamodb sees it.

Every item type is a pynamodb Model on the same table (pk, sk, two overloaded GSIs). The
table name is read from the settings when the first request needs it, not at import, so
`chalice package` can import the app without settings and tests can point it anywhere.
"""

from functools import cache
from typing import Any, TypeVar

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

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


class PortalItem(Model):
    """Base of every item: its keys, and the TTL attribute DynamoDB expires it by."""

    Meta = _Meta  # type: ignore[assignment]  # table name from the settings, see _SettingsTable

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expires_at = NumberAttribute(null=True)


_models: list[type[Model]] = []


def register(model: type[Model]) -> type[Model]:
    """Remember a model so reset_connections can forget its cached connection."""
    _models.append(model)
    return model


@cache
def transaction_connection() -> Connection:
    """One connection for transactions per process (each new one loads botocore's models)."""
    return Connection()


def reset_connections() -> None:
    """Forget cached connections (the local stack and tests point boto at a new endpoint)."""
    transaction_connection.cache_clear()
    models: list[type[Model]] = [PortalItem, *_models]
    for model in models:
        model._connection = None


def cancellation_codes(exc: Any) -> list[str | None]:
    """The per-item reasons of a cancelled transaction, in the order the items were written."""
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return [getattr(reason, "code", None) if reason else None for reason in reasons]


Item = TypeVar("Item", bound=PortalItem)


def owned_item(model: type[Item], pk: str, sk: str, customer_id: str | None, missing: str) -> Item:
    """One item by its keys; with customer_id, only if it names that customer. A missing item
    and someone else's are the same NotFound(missing): an id tells nothing about whose it is."""
    try:
        item = model.get(pk, sk, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound(missing) from exc
    if customer_id is not None and item.customer_id != customer_id:  # type: ignore[attr-defined]
        raise NotFound(missing)
    return item
