"""The auth app, deployed as its own functions: Sign-in: the code, the session, and the Cognito triggers."""

from functions.auth.api import auth_api, signed_in_api
from functions.auth.handlers import sign_in_triggers
from functions.auth.session import require_renewing
from functions.core.app import domain_app

app = domain_app("auth", auth_api, signed_in_api, functions=(sign_in_triggers,), resolver=require_renewing)
