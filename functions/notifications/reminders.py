"""Reminders the portal sends unasked: an invoice due soon, and overdue (by default due
within 3 days, 1 and 7 days late; the business sets the days in the portal editor); an
appointment tomorrow.

A reminder is an outbox event like any other, so it goes to the contacts it concerns, each in
their language and on their channels (delivery.py, audience.py): an invoice's to the account's
billing contacts and admins, an appointment's to its buyers and admins. It is saved in one
transaction with a marker for its invoice and stage: however often the schedule runs, the
marker's condition lets each stage through once. Only invoices whose
due date falls in a stage's window are read, so a run costs the same with any history.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pynamodb.exceptions import TransactWriteError

from functions.bookings.appointments import tomorrows_bookings
from functions.core.clock import Clock
from functions.core.events import OutboxEvent, outbox_event
from functions.core.table import cancellation_codes
from functions.core.transactions import Transaction
from functions.notifications.models import ReminderSentItem
from functions.payments.invoices import open_invoices_due
from functions.payments.schemas import Invoice
from functions.portal.schemas import Reminders
from functions.portal.settings import portal_settings

# An invoice that was already late when reminders began is reminded once (its latest stage),
# if it is at most this much later than the last stage; older debts are the business's to
# chase, not an automatic e-mail's.
CATCH_UP_DAYS = 30
KEEP_MARKERS_SECONDS = 400 * 86400


@dataclass(frozen=True)
class Sent:
    due_soon: int = 0
    overdue: int = 0
    tomorrow: int = 0  # appointments


def stage_of(due: date, today: date, timings: Reminders) -> str | None:
    """The reminder an open invoice due on `due` should have had by `today`."""
    late = (today - due).days
    if -timings.due_soon_days <= late <= 0:
        return "due_soon"
    reached = [days for days in timings.overdue_days if late >= days]
    if reached and late <= timings.overdue_days[-1] + CATCH_UP_DAYS:
        return f"overdue_{reached[-1]}"
    return None


def send_reminders(clock: Clock) -> Sent:
    """Send the invoice and appointment reminders due by now, each stage once; returns how many."""
    now = clock.now()
    today = now.date()
    timings = portal_settings(fresh=True).reminders
    first = today - timedelta(days=timings.overdue_days[-1] + CATCH_UP_DAYS)
    last = today + timedelta(days=timings.due_soon_days)
    due_soon = overdue = 0
    for invoice in open_invoices_due(first, last, today):
        stage = stage_of(date.fromisoformat(invoice.due_date), today, timings)
        if stage is None or not _remind(f"invoice#{invoice.invoice_id}", stage, _invoice_event(invoice, stage, now)):
            continue
        if stage == "due_soon":
            due_soon += 1
        else:
            overdue += 1
    return Sent(due_soon=due_soon, overdue=overdue, tomorrow=_appointments_tomorrow(now))


def _invoice_event(invoice: Invoice, stage: str, now: datetime) -> OutboxEvent:
    return outbox_event(
        "reminder.invoice_due_soon" if stage == "due_soon" else "reminder.invoice_overdue",
        now,
        invoice.customer_id,
        invoice_id=invoice.invoice_id,
        invoice_number=invoice.invoice_number,
        due_date=invoice.due_date,
        left=invoice.remaining,
        currency=invoice.currency,
        days_late=max(0, (now.date() - date.fromisoformat(invoice.due_date)).days),
    )


def _appointments_tomorrow(now: datetime) -> int:
    """Confirmed bookings on tomorrow's date where the business is: one reminder each."""
    sent = 0
    for booking in tomorrows_bookings(now):
        event = outbox_event(
            "reminder.booking_tomorrow",
            now,
            booking.customer_id,
            booking_id=booking.booking_id,
            service_name=booking.service_name,
            when=booking.local_start,
            time_zone=booking.time_zone,  # the zone local_start is in, to label it
            created_by=booking.created_by,
        )
        sent += _remind(f"booking#{booking.booking_id}", "tomorrow", event)
    return sent


def _remind(target: str, stage: str, event: OutboxEvent) -> bool:
    """Save the reminder's event with its marker; False if this stage was sent before."""
    now = datetime.fromisoformat(event.occurred_at)
    marker = ReminderSentItem(
        f"REMINDER#{target}",
        stage,
        sent_at=now.isoformat(),
        expires_at=int(now.timestamp()) + KEEP_MARKERS_SECONDS,
    )
    try:
        with Transaction() as transaction:
            transaction.save(marker, condition=ReminderSentItem.pk.does_not_exist())
            transaction.save(event)
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" in cancellation_codes(exc):
            return False
        raise
    return True
