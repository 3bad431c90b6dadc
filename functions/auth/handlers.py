"""The Cognito trigger Lambdas: each builds its collaborators once and calls the plain trigger."""

from typing import Any

from functions.auth import triggers
from functions.auth.service import trigger_context

Event = dict[str, Any]


def define_auth_challenge(event: Event, context: Any) -> Event:
    return triggers.define_auth_challenge(event)


def create_auth_challenge(event: Event, context: Any) -> Event:
    return triggers.create_auth_challenge(event, trigger_context())


def verify_auth_challenge(event: Event, context: Any) -> Event:
    return triggers.verify_auth_challenge(event, trigger_context())
