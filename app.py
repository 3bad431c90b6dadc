"""The customer portal's Lambda functions. This module only composes; the logic lives in functions/.

Every function of the app shares this module, so what only the event handlers and schedules
need is imported inside them: the API's cold start does not pay for Powertools' batch and
idempotency utilities.
"""

import os
from typing import Any

from chalice.app import Chalice, CloudWatchEvent, DynamoDBEvent, SQSEvent

from functions.auth import handlers as sign_in_triggers
from functions.auth.api import auth_api
from functions.auth.session import install_session
from functions.bookings.api import bookings_api
from functions.core.api import serve_openapi, system
from functions.core.clock import SystemClock
from functions.core.http import install_middleware
from functions.core.settings import get_settings
from functions.customers.api import customers_api
from functions.documents.api import documents_api
from functions.notifications.api import notifications_api
from functions.orders.api import orders_api
from functions.payments.api import payments_api
from functions.portal.api import portal_api
from functions.portal.gate import install_action_gate
from functions.tickets.api import support_api

# The event sources are wired by `chalice deploy`, which imports this module: infra/deploy.py
# names the stack's stream and queue. The defaults are the local stack's (local/worker.py
# binds them to what moto created); a Lambda at run time does not read them.
EVENTS_STREAM_ARN = os.environ.get(
    "PORTAL_EVENTS_STREAM_ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/portal-local-portal/stream/local"
)
NOTIFICATIONS_QUEUE = os.environ.get("PORTAL_NOTIFICATIONS_QUEUE", "portal-local-notifications")

if "AWS_LAMBDA_FUNCTION_NAME" in os.environ:
    # A real cold start: fail here, with every missing variable named, not on the first
    # request. (`chalice package` and `chalice deploy` also import this module, to read the
    # routes; they have no settings and need none.)
    get_settings()

# configure_logs=False: Chalice's logger has the app's name, which is also the Powertools
# logger's; left to itself Chalice may set it to ERROR and add a plain-text handler.
app = Chalice(app_name="customer-portal", configure_logs=False)
install_middleware(app)  # outermost: errors to JSON, correlation ids, cookies
install_session(app)  # CSRF on writes; who is signed in
install_action_gate(app)  # a part of the portal the business turned off is a 404
app.register_blueprint(system)
app.register_blueprint(auth_api)
app.register_blueprint(customers_api)
app.register_blueprint(orders_api)
app.register_blueprint(payments_api)
app.register_blueprint(documents_api)
app.register_blueprint(support_api)
app.register_blueprint(bookings_api)
app.register_blueprint(notifications_api)
app.register_blueprint(portal_api)
serve_openapi(app)

# Cognito custom-auth triggers (wired to the user pool by infra/deploy.py).
define_auth_challenge = app.lambda_function(name="define_auth_challenge")(sign_in_triggers.define_auth_challenge)
create_auth_challenge = app.lambda_function(name="create_auth_challenge")(sign_in_triggers.create_auth_challenge)
verify_auth_challenge = app.lambda_function(name="verify_auth_challenge")(sign_in_triggers.verify_auth_challenge)


@app.schedule("rate(1 hour)", name="sweep_documents")
def sweep_documents(event: CloudWatchEvent) -> dict[str, Any]:
    """Finish document removals and drop abandoned uploads that a crash left behind."""
    from functions.documents.sweep import sweep

    return sweep(SystemClock())


@app.on_dynamodb_record(stream_arn=EVENTS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def relay_events(event: DynamoDBEvent) -> dict[str, Any]:
    """Every outbox event the table's stream shows, on to the notifications queue."""
    from functions.notifications.relay import relay

    return relay(event.to_dict(), event.context)


@app.on_sqs_message(queue=NOTIFICATIONS_QUEUE, batch_size=10)
def deliver_notifications(event: SQSEvent) -> dict[str, Any]:
    """Each event to its customer: in the portal, by e-mail, by text, as they chose."""
    from functions.notifications.consumer import consume

    return consume(event.to_dict(), event.context)


@app.schedule("cron(0 7 * * ? *)", name="send_reminders")
def send_reminders(event: CloudWatchEvent) -> dict[str, Any]:
    """Invoices due within 3 days or overdue (1 and 7 days): once per invoice and stage."""
    from functions.notifications.reminders import send_reminders as send_now

    sent = send_now(SystemClock())
    return {"due_soon": sent.due_soon, "overdue": sent.overdue}
