"""The notification centre, channel preferences and the dashboard for customers; the
undelivered events for operators."""

from functions.core.clock import SystemClock
from functions.core.http import Routes
from functions.core.paging import PageQuery
from functions.core.principal import Principal, require_customer
from functions.core.roles import readable_areas
from functions.customers import recipients
from functions.notifications import dashboard, dead_letters, feed, live, preferences, timeline
from functions.notifications.live import LiveTicket
from functions.notifications.schemas import (
    Dashboard,
    FailedEvents,
    Marked,
    Notification,
    NotificationPage,
    Preferences,
    PreferencesChange,
    Retried,
    TimelinePage,
    TimelineQuery,
    Unread,
)

notifications_api = Routes(__name__, tag="notifications", access="customer", area="own")
dashboard_api = Routes(__name__, tag="notifications", access="customer", area="account")
staff_api = Routes(__name__, tag="notifications", access="staff")
clock = SystemClock()


@dashboard_api.get(
    "/dashboard", "My dashboard: amount due and overdue, next due date, new documents, unread, recent orders"
)
def my_dashboard(principal: Principal) -> Dashboard:
    return dashboard.dashboard(principal, principal.principal_id, clock.now(), readable_areas(principal.role))


@dashboard_api.get(
    "/timeline",
    "What happened on the account, newest first: orders and their moves, invoices, payments, documents, "
    "tickets, bookings, messages, of the areas my role reads (a kind outside them: 403 role_not_allowed)",
)
def my_timeline(query: TimelineQuery, principal: Principal) -> TimelinePage:
    reads = readable_areas(principal.role)
    page = timeline.timeline(principal, query.kind, query.cursor, query.limit, reads, principal.role)
    return TimelinePage(items=page.items, next_cursor=page.next_cursor)


@notifications_api.get("/", "My notifications, newest first, each in my language of now, with how many are unread")
def my_notifications(query: PageQuery, principal: Principal) -> NotificationPage:
    page = feed.feed(principal.principal_id, query.cursor, query.limit, principal.language)
    return NotificationPage(
        items=page.items, next_cursor=page.next_cursor, unread=feed.unread_count(principal.principal_id)
    )


@notifications_api.get("/unread", "How many of my notifications are unread (the header's badge)")
def my_unread(principal: Principal) -> Unread:
    return Unread(unread=feed.unread_count(principal.principal_id))


@notifications_api.post("/{notification_id}/read", "Mark one of my notifications read", errors=(404,))
def read_one(notification_id: str, principal: Principal) -> Notification:
    return feed.mark_read(principal.principal_id, notification_id, clock.now(), principal.language)


@notifications_api.post("/read-all", "Mark all my notifications read")
def read_all(principal: Principal) -> Marked:
    return Marked(marked=feed.mark_all_read(principal.principal_id, clock.now()))


def _has_email(principal: Principal) -> bool:
    """Whether any e-mail reaches the contact: the sign-in one, or (read only for a contact who
    signs in by mobile) a notification e-mail they added."""
    return principal.email is not None or recipients.notification_email(principal.principal_id) is not None


@notifications_api.get("/preferences", "The channels I want per category (sign-in messages are always sent)")
def my_preferences(principal: Principal) -> Preferences:
    return Preferences(channels=preferences.channels_of(principal.principal_id, _has_email(principal)))


@notifications_api.put("/preferences", "Choose the channels per category; categories left out keep theirs")
def choose_preferences(body: PreferencesChange, principal: Principal) -> Preferences:
    chosen = {category: list(channels) for category, channels in body.model_dump(exclude_none=True).items()}
    return Preferences(channels=preferences.choose(principal.principal_id, chosen, clock, _has_email(principal)))


@staff_api.get(
    "/operator/customers/{customer_id}/timeline",
    "What happened on one customer's account, newest first, as its admins see it",
    errors=(404,),
)
def customer_timeline(customer_id: str, query: TimelineQuery) -> TimelinePage:
    require_customer(customer_id)
    page = timeline.account_timeline(customer_id, query.kind, query.cursor, query.limit)
    return TimelinePage(items=page.items, next_cursor=page.next_cursor)


@staff_api.get(
    "/operator/notifications/failed",
    "What the pipeline gave up on (the dead-letter queue): events not delivered after three tries, and "
    "batches of table changes the stream relay gave up on",
)
def failed() -> FailedEvents:
    return FailedEvents(items=dead_letters.failed_events())


@staff_api.post(
    "/operator/notifications/failed/{message_id}/retry",
    "Send an undelivered event through the notifications queue again, or relay a given-up batch's events again "
    "from the table's stream (409 relay_records_gone once the stream no longer holds them)",
    errors=(404, 409),
)
def retry_failed(message_id: str) -> Retried:
    relayed = dead_letters.retry(message_id, clock.now())
    return Retried(message_id=message_id, retried=True, relayed=relayed)


# --- live updates: a socket's ticket (docs/live.md) ---------------------------------------------


@notifications_api.post(
    "/live/tickets",
    "A ticket to open my socket for live updates (wss://…/ws?ticket=…): good once, for 30 seconds",
    status=201,
)
def my_live_ticket(principal: Principal) -> LiveTicket:
    return live.issue_ticket(principal, clock.now().timestamp())


@staff_api.post(
    "/operator/live/tickets",
    "A ticket to open the console's socket for live updates: good once, for 30 seconds",
    status=201,
)
def staff_live_ticket(principal: Principal) -> LiveTicket:
    return live.issue_ticket(principal, clock.now().timestamp())
