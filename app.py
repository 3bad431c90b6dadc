"""The customer portal's Lambda functions. This module only composes; the logic lives in functions/."""

from chalice.app import Chalice

from functions.core.api import serve_openapi, system
from functions.core.http import install_middleware
from functions.core.settings import get_settings

settings = get_settings()  # fail the cold start, not the first request, when config is missing

app = Chalice(app_name="customer-portal")
install_middleware(app)
app.register_blueprint(system)
serve_openapi(app)
