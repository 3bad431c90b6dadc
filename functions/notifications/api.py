"""The notification centre, channel preferences and the dashboard for customers; the
undelivered events for operators."""

from functions.core.clock import SystemClock
from functions.core.http import Routes, endpoint, query_params
from functions.core.paging import page_size
from functions.core.principal import Principal
from functions.notifications import dashboard, dead_letters, feed, preferences
from functions.notifications.schemas import (
    Dashboard,
    FailedEvents,
    Marked,
    Notification,
    NotificationPage,
    Preferences,
    PreferencesChange,
    Retried,
    Unread,
)

notifications_api = Routes(__name__, tag="notifications")
clock = SystemClock()


@endpoint(
    notifications_api,
    "/dashboard",
    "GET",
    summary="My dashboard: amount due and overdue, next due date, new documents, unread, recent orders",
    reply=Dashboard,
    access="customer",
    tag="notifications",
)
def my_dashboard(principal: Principal) -> Dashboard:
    return dashboard.dashboard(principal.principal_id, clock.now())


@endpoint(
    notifications_api,
    "/",
    "GET",
    summary="My notifications, newest first, with how many are unread",
    reply=NotificationPage,
    query=("cursor", "limit"),
    access="customer",
    tag="notifications",
)
def my_notifications(principal: Principal) -> NotificationPage:
    params = query_params(notifications_api)
    page = feed.feed(principal.principal_id, params.get("cursor"), page_size(params.get("limit")))
    return NotificationPage(
        items=page.items, next_cursor=page.next_cursor, unread=feed.unread_count(principal.principal_id)
    )


@endpoint(
    notifications_api,
    "/unread",
    "GET",
    summary="How many of my notifications are unread (the header's badge)",
    reply=Unread,
    access="customer",
    tag="notifications",
)
def my_unread(principal: Principal) -> Unread:
    return Unread(unread=feed.unread_count(principal.principal_id))


@endpoint(
    notifications_api,
    "/{notification_id}/read",
    "POST",
    summary="Mark one of my notifications read",
    reply=Notification,
    errors=(404,),
    access="customer",
    tag="notifications",
)
def read_one(notification_id: str, principal: Principal) -> Notification:
    return feed.mark_read(principal.principal_id, notification_id, clock.now())


@endpoint(
    notifications_api,
    "/read-all",
    "POST",
    summary="Mark all my notifications read",
    reply=Marked,
    access="customer",
    tag="notifications",
)
def read_all(principal: Principal) -> Marked:
    return Marked(marked=feed.mark_all_read(principal.principal_id, clock.now()))


@endpoint(
    notifications_api,
    "/preferences",
    "GET",
    summary="The channels I want per category (sign-in messages are always sent)",
    reply=Preferences,
    access="customer",
    tag="notifications",
)
def my_preferences(principal: Principal) -> Preferences:
    return Preferences(channels=preferences.channels_of(principal.principal_id))


@endpoint(
    notifications_api,
    "/preferences",
    "PUT",
    summary="Choose the channels per category; categories left out keep theirs",
    body=PreferencesChange,
    reply=Preferences,
    access="customer",
    tag="notifications",
)
def choose_preferences(body: PreferencesChange, principal: Principal) -> Preferences:
    chosen = {category: list(channels) for category, channels in body.model_dump(exclude_none=True).items()}
    return Preferences(channels=preferences.choose(principal.principal_id, chosen, clock))


@endpoint(
    notifications_api,
    "/operator/notifications/failed",
    "GET",
    summary="Events that could not be delivered after three tries (the dead-letter queue)",
    reply=FailedEvents,
    access="staff",
    tag="notifications",
)
def failed(principal: Principal) -> FailedEvents:
    return FailedEvents(items=dead_letters.failed_events())


@endpoint(
    notifications_api,
    "/operator/notifications/failed/{message_id}/retry",
    "POST",
    summary="Send an undelivered event through the notifications queue again",
    reply=Retried,
    errors=(404,),
    access="staff",
    tag="notifications",
)
def retry_failed(message_id: str, principal: Principal) -> Retried:
    dead_letters.retry(message_id)
    return Retried(message_id=message_id, retried=True)
