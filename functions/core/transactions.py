"""The one way the portal writes a DynamoDB transaction: counted, and failures told apart.

`Transaction` is pynamodb's TransactWrite on the process's transaction connection, with two
rules every writer needs and none should repeat:
- it counts its items and refuses more than DynamoDB's 100 with TooManyChanges (a domain
  error naming the limit) before sending anything, instead of DynamoDB's ValidationException;
- only a failed condition leaves as TransactWriteError, which the domains turn into their
  409s ("that time is not free", "the total changed"). A transaction cancelled because
  DynamoDB was busy (throttling, another transaction on the same item), or that got no
  answer (a timeout, a dropped connection), is Unavailable, a 503 to retry; any other
  refusal (a malformed request) is TransactionRefused, a bug that must reach the logs as a
  500, never a conflict the caller is asked to resolve.
"""

from typing import Any

from botocore.exceptions import BotoCoreError
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.core.errors import InvalidRequest, Unavailable
from functions.core.table import cancellation_codes, transaction_connection

MAX_ITEMS = 100  # DynamoDB's TransactWriteItems limit
CONDITION_FAILED = "ConditionalCheckFailed"
# Cancellation reasons and whole-call errors that say "not now", not "not so".
_BUSY = frozenset(
    {
        "TransactionConflict",
        "ThrottlingError",
        "ProvisionedThroughputExceeded",
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "TransactionInProgressException",
        "InternalServerError",
        "ServiceUnavailable",
    }
)


class TooManyChanges(InvalidRequest):
    """One change would write more items at once than DynamoDB allows."""

    code = "too_many_changes"


class TransactionRefused(RuntimeError):
    """DynamoDB refused the transaction for a reason that is our mistake, not the caller's."""


class Transaction(TransactWrite):
    """`with Transaction() as transaction:` writes all of its items, or none of them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(connection=transaction_connection(), **kwargs)

    @property
    def item_count(self) -> int:
        return sum(
            len(items)
            for items in (self._condition_check_items, self._delete_items, self._put_items, self._update_items)
        )

    def _commit(self) -> Any:
        if self.item_count > MAX_ITEMS:
            raise TooManyChanges(
                f"This change would write {self.item_count} records at once; at most {MAX_ITEMS} can change together.",
                values={"items": self.item_count, "limit": MAX_ITEMS},
            )
        try:
            return super()._commit()
        except TransactWriteError as exc:
            # No answer at all (a read timeout, a dropped connection) is as retryable as a busy
            # table; such an error has no response to read codes from.
            if isinstance(exc.cause, BotoCoreError):
                raise Unavailable("The service did not answer in time. Please try again.") from exc
            codes = {code for code in cancellation_codes(exc) if code and code != "None"}
            if CONDITION_FAILED in codes:
                raise
            if codes & _BUSY or exc.cause_response_code in _BUSY:
                raise Unavailable("The service is busy; nothing was saved. Please try again.") from exc
            raise TransactionRefused(
                f"DynamoDB refused a transaction: {exc.cause_response_code} {sorted(codes)}"
            ) from exc
