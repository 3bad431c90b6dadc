"""How an erasure step (core.erasure) goes through its lists: one page a call, from its cursor.

A step's work is a row of walks taken in order (the orders of each account, then the carts
of each). A walk may name parents (the tickets of a page) whose own lists (each ticket's
entries) are walked, page by page, before the walk's next page: a ticket's entries live in
the ticket's partition, not under the account. The cursor says which walk, where in it,
which parents of its last page are left and where in the first of them; so every call reads
one page, of a walk or of a parent's list, and writes at most what that page holds.

The cursor is the job's, stored with the erasure and never shown to anyone, so it is plain
JSON in base64url, not a signed paging cursor (core.paging binds those to a request).
"""

import base64
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action
from pynamodb.pagination import ResultIterator

from functions.core import clients
from functions.core.erasure import ERASED_PERSON, StepDone, Subject
from functions.core.settings import get_settings
from functions.core.table import PortalItem, register

# DynamoDB's BatchWriteItem takes 25 items: a page of this many is at most one batch of deletes.
PAGE_SIZE = 25

LastKey = dict[str, Any]


@register
class AnyItem(PortalItem):
    """An item of whatever kind, by its keys: what a step deletes, or reads across kinds.

    Its own model, not PortalItem: pynamodb keeps a model's connection on the class, and a
    model that has made none yet would find PortalItem's, which knows no index."""


@dataclass(frozen=True)
class Walked:
    """What one page of a walk did: where the walk goes on (None: its end), the parents whose
    own lists come next, and what it kept because the law says so."""

    after: LastKey | None
    parents: tuple[str, ...] = ()
    kept: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Walk:
    """One list of a step: `page(after)` does one page of it; `children(parent, after)` one
    page of a parent's own list, answering where it goes on (None: that parent is done)."""

    page: Callable[[LastKey | None], Walked]
    children: Callable[[str, LastKey | None], LastKey | None] | None = None


def _encode(state: Mapping[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()


def _decode(cursor: str | None) -> dict[str, Any]:
    if not cursor:
        return {"walk": 0}
    state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    if not isinstance(state, dict) or not isinstance(state.get("walk"), int):
        raise LookupError("not an erasure step's cursor")
    return state


def walk_step(walks: Sequence[Walk], cursor: str | None) -> StepDone:
    """One page of the walks from `cursor`: a step's whole body, once it has said its walks."""
    state = _decode(cursor)
    index: int = state["walk"]
    if index >= len(walks):
        return StepDone(next_cursor=None)
    walk = walks[index]
    after: LastKey | None = state.get("after")
    parents: list[str] = list(state.get("parents", []))
    kept: Mapping[str, int] = {}
    if parents and walk.children is not None:
        child_after = walk.children(parents[0], state.get("child_after"))
        if child_after is None:
            parents.pop(0)
        state = {"walk": index, "after": after, "parents": parents, "child_after": child_after}
    else:
        walked = walk.page(after)
        kept = walked.kept
        parents = list(walked.parents) if walk.children is not None else []
        state = {"walk": index, "after": walked.after, "parents": parents, "child_after": None}
    if not parents and state["after"] is None:  # this walk is done: the next one starts
        state = {"walk": index + 1}
        if index + 1 >= len(walks):
            return StepDone(next_cursor=None, kept=dict(kept))
    return StepDone(next_cursor=_encode(state), kept=dict(kept))


def first_page(results: ResultIterator[Any]) -> tuple[list[dict[str, Any]], LastKey | None]:
    """The raw items of a query's first DynamoDB page and the key after it: one read, never a
    second (query with `page_size=` and `last_evaluated_key=`, no `limit`)."""
    page = next(results.page_iter, None)
    return (page.get("Items", []) if page else []), results.page_iter.last_evaluated_key


def sort_key(raw: Mapping[str, Any]) -> str:
    return str(raw["sk"]["S"])


def rewrite(item: PortalItem, actions: list[Action]) -> None:
    """Update an item where it is; one deleted meanwhile is not made again by the update."""
    if not actions:
        return
    try:
        item.update(actions=actions, condition=type(item).pk.exists())
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


Item = TypeVar("Item", bound=PortalItem)


def rewritten_by_page(
    model: type[Item],
    query: Callable[[LastKey | None], ResultIterator[Any]],
    changes: Callable[[Item], list[Action]],
    kept: str | None = None,
) -> Walk:
    """A walk that rewrites each item of a list where it is (`changes`: its updates, none to
    leave it), a page a call; `kept`: the kind it counts as kept by law (the items stay)."""

    def page(after: LastKey | None) -> Walked:
        raw, last = first_page(query(after))
        for item in map(model.from_raw_data, raw):
            rewrite(item, changes(item))
        return Walked(after=last, kept={kept: len(raw)} if kept and raw else {})

    return Walk(page)


def delete_items(items: Iterable[PortalItem]) -> int:
    """Delete items of any kind (a page: at most PAGE_SIZE, one BatchWriteItem); how many."""
    doomed = [AnyItem(item.pk, item.sk) for item in items]
    if doomed:
        with AnyItem.batch_write() as batch:
            for item in doomed:
                batch.delete(item)
    return len(doomed)


def deleted_by_page(partition: str, size: int = PAGE_SIZE, prefix: str | None = None) -> Walk:
    """A walk that deletes every item of a partition (whose sort key starts with `prefix`)."""

    def page(after: LastKey | None) -> Walked:
        condition = AnyItem.sk.startswith(prefix) if prefix else None
        query = AnyItem.query(
            partition,
            condition,
            page_size=size,
            last_evaluated_key=after,
            consistent_read=True,
            attributes_to_get=["pk", "sk"],
        )
        raw, last = first_page(query)
        delete_items(AnyItem(partition, sort_key(item)) for item in raw)
        return Walked(after=last)

    return Walk(page)


def _needles(subject: Subject, with_name: bool) -> list[str]:
    found = [subject.email or "", subject.contact_email or "", subject.mobile or ""]
    found += [subject.name] if with_name else []
    return [needle for needle in found if needle.strip()]


def mentions(text: str | None, subject: Subject, *, with_name: bool = True) -> bool:
    """Whether `text` holds the person's e-mail, mobile or (with_name) name, in any case."""
    if not text:
        return False
    folded = text.casefold()
    return any(needle.casefold() in folded for needle in _needles(subject, with_name))


def scrubbed(text: str, subject: Subject) -> str:
    """`text` with the person's name, e-mail and mobile replaced, wherever and however cased
    they were written (a message that says "Dana Demo here", a bank reference)."""
    for needle in sorted(_needles(subject, with_name=True), key=len, reverse=True):
        text = re.sub(re.escape(needle), ERASED_PERSON, text, flags=re.IGNORECASE)
    return text


def delete_versions_under(prefix: str, size: int = PAGE_SIZE) -> bool:
    """One page of the objects under `prefix` in the documents bucket, every version of each
    and its delete markers, removed (the bucket is versioned: a plain delete only hides one).
    Each page lists from the start, as what it listed is gone: whether more may be left."""
    s3 = clients.s3()
    bucket = get_settings().documents_bucket
    listed = s3.list_object_versions(Bucket=bucket, Prefix=prefix, MaxKeys=size)
    versions: list[Any] = [
        {"Key": version["Key"], "VersionId": version["VersionId"]}
        for version in listed.get("Versions", []) + listed.get("DeleteMarkers", [])
    ]
    if versions:
        refused = s3.delete_objects(Bucket=bucket, Delete={"Objects": versions, "Quiet": True}).get("Errors")
        if refused:  # listed again from the start, they would be met forever
            raise RuntimeError(f"the bucket refused to delete {len(refused)} objects under {prefix}")
    return bool(listed.get("IsTruncated"))
