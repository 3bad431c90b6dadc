"""The customer portal's Lambda functions. This module only composes; the logic lives in functions/."""

import os
from typing import Any

from chalice.app import Chalice, CloudWatchEvent

from functions.auth import handlers as sign_in_triggers
from functions.auth.api import auth_api
from functions.auth.session import install_session
from functions.core.api import serve_openapi, system
from functions.core.clock import SystemClock
from functions.core.http import install_middleware
from functions.core.settings import get_settings
from functions.customers.api import customers_api
from functions.documents.api import documents_api
from functions.documents.sweep import sweep as sweep_documents_now
from functions.orders.api import orders_api
from functions.payments.api import payments_api
from functions.tickets.api import support_api

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
app.register_blueprint(system)
app.register_blueprint(auth_api)
app.register_blueprint(customers_api)
app.register_blueprint(orders_api)
app.register_blueprint(payments_api)
app.register_blueprint(documents_api)
app.register_blueprint(support_api)
serve_openapi(app)

# Cognito custom-auth triggers (wired to the user pool by infra/deploy.py).
define_auth_challenge = app.lambda_function(name="define_auth_challenge")(sign_in_triggers.define_auth_challenge)
create_auth_challenge = app.lambda_function(name="create_auth_challenge")(sign_in_triggers.create_auth_challenge)
verify_auth_challenge = app.lambda_function(name="verify_auth_challenge")(sign_in_triggers.verify_auth_challenge)


@app.schedule("rate(1 hour)", name="sweep_documents")
def sweep_documents(event: CloudWatchEvent) -> dict[str, Any]:
    """Finish document removals and drop abandoned uploads that a crash left behind."""
    return sweep_documents_now(SystemClock())
