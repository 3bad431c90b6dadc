"""The Cognito trigger Lambdas: each builds its collaborators once and calls the plain trigger.

Registered on a blueprint of this module, so each trigger's Lambda handler is
`functions.auth.handlers.<name>`: a cold start imports this module and what it needs, not
the sign-in API's routes.
"""

from typing import Any

from chalice.app import Blueprint

from functions.auth import triggers
from functions.auth.service import trigger_context
from functions.core.settings import check_at_cold_start

Event = dict[str, Any]
check_at_cold_start()  # a Lambda with a missing variable fails here, naming it
sign_in_triggers = Blueprint(__name__)


@sign_in_triggers.lambda_function(name="define_auth_challenge")
def define_auth_challenge(event: Event, context: Any) -> Event:
    return triggers.define_auth_challenge(event)


@sign_in_triggers.lambda_function(name="create_auth_challenge")
def create_auth_challenge(event: Event, context: Any) -> Event:
    return triggers.create_auth_challenge(event, trigger_context())


@sign_in_triggers.lambda_function(name="verify_auth_challenge")
def verify_auth_challenge(event: Event, context: Any) -> Event:
    return triggers.verify_auth_challenge(event, trigger_context())
