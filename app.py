"""The customer portal's Lambda functions. This module only composes; the logic lives in functions/."""

import os

from chalice.app import Chalice

from functions.auth import handlers as sign_in_triggers
from functions.auth.api import auth_api
from functions.auth.session import install_session
from functions.core.api import serve_openapi, system
from functions.core.http import install_middleware
from functions.core.settings import get_settings
from functions.customers.api import customers_api
from functions.orders.api import orders_api
from functions.payments.api import payments_api

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
serve_openapi(app)

# Cognito custom-auth triggers (wired to the user pool by infra/deploy.py).
define_auth_challenge = app.lambda_function(name="define_auth_challenge")(sign_in_triggers.define_auth_challenge)
create_auth_challenge = app.lambda_function(name="create_auth_challenge")(sign_in_triggers.create_auth_challenge)
verify_auth_challenge = app.lambda_function(name="verify_auth_challenge")(sign_in_triggers.verify_auth_challenge)
