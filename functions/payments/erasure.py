"""The payments domain's part of erasing a person (core.erasure): the law keeps invoices and
payments, so they stay; on an account that is the person, they are counted in what was kept
(a company's invoices are the company's record, not one kept of its contact).

Neither copies the person's name or e-mail: the PDFs (invoice, receipt, statement) print the
signed-in person's name and e-mail when they are asked for (printouts.py), from the profile the
erasure removes. What the business or the customer typed into them (an invoice's note or void
reason, a bank transfer's reference, a failure's words) may still write the name, e-mail or
mobile: those are replaced, on every account of theirs (the business names a company's contact
on the company's invoices too). The printouts already made are stored, a day, under
printouts/<account>/ with the name and e-mail of whoever asked: every account of the person
loses its stored printouts (any of them may be theirs; each is made again on demand).
"""

from typing import Any

from pynamodb.expressions.update import Action

from functions.core.erasure import StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    LastKey,
    Walk,
    Walked,
    delete_versions_under,
    mentions,
    rewritten_by_page,
    scrubbed,
    walk_step,
)
from functions.core.principal import customer_key
from functions.payments.models import InvoiceItem, PaymentItem


def _invoice_changes(invoice: InvoiceItem, subject: Subject) -> list[Action]:
    actions: list[Action] = []
    if mentions(invoice.note, subject):
        actions.append(InvoiceItem.note.set(scrubbed(invoice.note, subject)))
    if invoice.void_reason and mentions(invoice.void_reason, subject):
        actions.append(InvoiceItem.void_reason.set(scrubbed(invoice.void_reason, subject)))
    return actions


def _payment_changes(payment: PaymentItem, subject: Subject) -> list[Action]:
    actions: list[Action] = []
    if mentions(payment.reference, subject):
        actions.append(PaymentItem.reference.set(scrubbed(payment.reference, subject)))
    if payment.failure and mentions(payment.failure, subject):
        actions.append(PaymentItem.failure.set(scrubbed(payment.failure, subject)))
    return actions


def _own(subject: Subject, account_id: str, kind: str) -> str | None:
    """What the account's items count as kept of the person: only on an account that is them."""
    return kind if account_id in subject.own_account_ids else None


def _invoices(subject: Subject, account_id: str, size: int) -> Walk:
    def query(after: LastKey | None) -> Any:
        prefix = InvoiceItem.sk.startswith("INVOICE#")
        return InvoiceItem.query(
            customer_key(account_id), prefix, page_size=size, last_evaluated_key=after, consistent_read=True
        )

    kept = _own(subject, account_id, "invoices")
    return rewritten_by_page(InvoiceItem, query, lambda invoice: _invoice_changes(invoice, subject), kept=kept)


def _payments(subject: Subject, account_id: str, size: int) -> Walk:
    def query(after: LastKey | None) -> Any:
        prefix = PaymentItem.sk.startswith("PAYMENT#")
        return PaymentItem.query(
            customer_key(account_id), prefix, page_size=size, last_evaluated_key=after, consistent_read=True
        )

    kept = _own(subject, account_id, "payments")
    return rewritten_by_page(PaymentItem, query, lambda payment: _payment_changes(payment, subject), kept=kept)


def _printouts(account_id: str, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        more = delete_versions_under(f"printouts/{account_id}/", size)
        return Walked(after={"more": True} if more else None)

    return Walk(page)


def erase_payments(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the invoices, payments or stored printouts of the person's accounts: texts
    that name them scrubbed, their own account's invoices and payments counted as kept (this
    page's; the job adds them up), printouts deleted."""
    walks = [
        *(_invoices(subject, account_id, page_size) for account_id in subject.account_ids),
        *(_payments(subject, account_id, page_size) for account_id in subject.account_ids),
        *(_printouts(account_id, page_size) for account_id in subject.account_ids),
    ]
    return walk_step(walks, cursor)
