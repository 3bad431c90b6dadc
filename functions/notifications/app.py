"""The notifications app, deployed as its own functions:
the dashboard, the in-portal feed and preferences; the relay, the delivery and reminders.
"""

from functions.core.app import domain_app
from functions.notifications.api import dashboard_api, notifications_api, staff_api
from functions.notifications.handlers import notification_events

app = domain_app("notifications", dashboard_api, notifications_api, staff_api, functions=(notification_events,))
