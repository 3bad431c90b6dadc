"""The customer portal's Lambda functions. This module only composes; the logic lives in functions/."""

import os

from chalice.app import Chalice

from functions.core.api import serve_openapi, system
from functions.core.http import install_middleware
from functions.core.settings import get_settings

if "AWS_LAMBDA_FUNCTION_NAME" in os.environ:
    # A real cold start: fail here, with every missing variable named, not on the first
    # request. (`chalice package` and `chalice deploy` also import this module, to read the
    # routes; they have no settings and need none.)
    get_settings()

app = Chalice(app_name="customer-portal")
install_middleware(app)
app.register_blueprint(system)
serve_openapi(app)
