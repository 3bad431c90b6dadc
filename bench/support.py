"""Support: an idle chat poll costs one read, whatever the chat's length; the ticket queue's
first page costs the same with 10 or 3,000 open tickets.

In-process on moto, through the real services. Long histories are written in batches.
"""

import statistics
from datetime import UTC, datetime

from bench.stack import moto_portal, round_trips
from functions.core.clock import FixedClock
from functions.core.principal import Membership, Principal
from functions.tickets import chat, tickets
from functions.tickets.models import TICKET, ChatMessageItem, TicketItem, chat_key, queue_of, ticket_key, tickets_of

SAMPLES = 9
CLOCK = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))


def _person(name: str, kind: str) -> Principal:
    """An operator, or a customer's admin contact acting for the account of the same id."""
    account = Membership(name, name, "admin", "all") if kind == "customer" else None
    return Principal(name, kind, name, f"{name.lower()}@example.com", None, "en", True, 0, account=account)


STATUS = {"FEW": "waiting_on_customer", "MANY": "open"}  # two queues, one short, one long


def bench_ticket(ticket_id: str, n: int, customer: str, status: str, due: str, listed_as: str = "") -> TicketItem:
    """A normal question of `customer`'s in `status`, due at `due`, as tickets.create writes it
    (listed in the customer's tickets under `listed_as`, their own list unless given)."""
    return TicketItem(
        ticket_key(ticket_id),
        TICKET,
        ticket_id=ticket_id,
        number=f"TCK-{n:06d}",
        customer_id=customer,
        customer_name=customer,
        kind="question",
        subject=f"Question {n}",
        description="?",
        priority="normal",
        status=status,
        created_at=due,
        first_reply_due=due,
        due_at=due,
        gsi1pk=listed_as or tickets_of(customer),
        gsi1sk=ticket_id,
        gsi2pk=queue_of(status),
        gsi2sk=f"{due}#{ticket_id}",
    )


def _tickets(label: str, count: int) -> None:
    with TicketItem.batch_write() as batch:
        for n in range(count):
            due = datetime.fromtimestamp(1_800_000_000 + n * 60, UTC).isoformat()
            batch.save(bench_ticket(f"{label}{n:08d}", n, label, STATUS[label], due))


def _chat_with(messages: int) -> str:
    customer, staff = _person("Customer", "customer"), _person("Staff", "staff")
    started = chat.start(customer, CLOCK)
    chat.pick(started.chat_id, staff, CLOCK)
    with ChatMessageItem.batch_write() as batch:
        for seq in range(1, messages + 1):
            batch.save(
                ChatMessageItem(
                    chat_key(started.chat_id),
                    f"MSG#{seq:08d}",
                    seq=seq,
                    author_kind="customer",
                    author_name="Customer",
                    body="hello",
                    sent_at=CLOCK.now().isoformat(),
                )
            )
    item = chat.chat_item(started.chat_id)
    item.update(actions=[item.__class__.last_seq.set(messages)])
    return started.chat_id


def _median(action: object) -> tuple[float, int]:
    runs = [round_trips(action) for _ in range(SAMPLES)]  # type: ignore[arg-type]
    return statistics.median(t for t, _ in runs), max(c for _, c in runs)


def measure() -> dict[str, tuple[float, int]]:
    with moto_portal("portal-bench-support"):
        _tickets("FEW", 10)
        _tickets("MANY", 3_000)
        results = {
            f"queue {label}": _median(
                lambda s=STATUS[label]: tickets.queue(s, None, None, None, None, 20, CLOCK)  # type: ignore[misc]
            )
            for label in ("FEW", "MANY")
        }
        for label, length in (("short", 5), ("long", 2_000)):
            chat_id = _chat_with(length)
            _, tag = chat.poll(chat_id, length, None, CLOCK)
            # idle: nothing new since the last poll; news: the latest message is new
            results[f"idle {label}"] = _median(lambda c=chat_id, n=length, e=tag: chat.poll(c, n, e, CLOCK))  # type: ignore[misc]
            results[f"new {label}"] = _median(lambda c=chat_id, n=length: chat.poll(c, n - 1, None, CLOCK))  # type: ignore[misc]
        return results


def report(results: dict[str, tuple[float, int]]) -> str:
    def line(name: str, base: str, other: str) -> str:
        (b_ms, b_calls), (o_ms, o_calls) = results[base], results[other]
        figures = f"{b_ms:6.1f} ms / {o_ms:6.1f} ms   {o_ms / b_ms:.2f}x"
        return f"  {name:46} {figures}   {b_calls} / {o_calls} DynamoDB round trip(s)"

    return "\n".join(
        [
            f"support, median of {SAMPLES}:",
            line("ticket queue, first 20: 10 vs 3,000 open", "queue FEW", "queue MANY"),
            line("idle chat poll (304): 5 vs 2,000 messages", "idle short", "idle long"),
            line("chat poll with news: 5 vs 2,000 messages", "new short", "new long"),
            line("5-message chat: idle poll vs poll with news", "idle short", "new short"),
            "  (moto scans indexes and partitions in memory, so its times grow where DynamoDB's do not)",
        ]
    )


def main() -> None:
    print(report(measure()))
