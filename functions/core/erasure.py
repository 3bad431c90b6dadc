"""Erasing a person (issue 20): what each domain's erasure step is given, and gives back.

A contact asks to be forgotten; the business confirms in the console; then the customers
domain (functions/customers/erasure.py) runs every domain's step for that person, page by page,
until each says it is done. A step removes or anonymises the person's data in its own items
and files; what the law makes the business keep (invoices, payments) stays, with the person's
name replaced, and the step counts it so the business is told what was kept.

A step is `step(subject, cursor) -> StepDone`: it does one bounded page of work (at most one
DynamoDB page read and its writes) from `cursor` and answers where to go on from, or None
when it has nothing left. It must be safe to run twice on the same page: an erasure cut short
(a timeout, a deploy) runs its step again from the last cursor recorded.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# What a person's name becomes where a record must stay (an invoice, a payment, an order the
# business keeps): a value, not a sentence of the pages, so one in every language.
ERASED_PERSON = "[erased]"


@dataclass(frozen=True)
class Subject:
    """The person being erased, as every step needs them."""

    contact_id: str
    # What is looked for where it was copied by value (an event's payload, a thread's name).
    # The erasure job holds them only until every step is done.
    name: str
    email: str | None  # the one they sign in with (none: they sign in by mobile alone)
    mobile: str | None
    # The accounts they were a contact of.
    account_ids: tuple[str, ...]
    # Of those, the accounts that are this person themselves (a person's account, whose name
    # is the person's name): their name is replaced wherever it was copied.
    own_account_ids: tuple[str, ...]
    # Where their notifications went when not to `email` (their profile's contact e-mail).
    contact_email: str | None = None


@dataclass(frozen=True)
class StepDone:
    next_cursor: str | None  # None: nothing left for this step
    # What was kept because the law says so, by kind ("invoices": 2): the name in it replaced.
    kept: dict[str, int] = field(default_factory=dict)


Step = Callable[[Subject, str | None], StepDone]
