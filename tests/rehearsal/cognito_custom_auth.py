"""Cognito's CUSTOM_AUTH flow for the rehearsal's moto server, triggers and all.

moto's cognito-idp has no CUSTOM_AUTH and calls no Lambda triggers. While `installed()` is
active, InitiateAuth and AdminInitiateAuth with AuthFlow CUSTOM_AUTH, and
(Admin)RespondToAuthChallenge with ChallengeName CUSTOM_CHALLENGE, run the loop as Cognito
does: the pool's DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse
Lambdas are invoked by ARN through moto's Lambda (so through lambda_runtime), each round gets
a single-use session string that expires after the client's AuthSessionValidity, and "issue
tokens" has moto mint the pool's own tokens. Every other flow is moto's.
"""

import contextlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from moto.awslambda.utils import get_backend as lambda_backend
from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotConfirmedException,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUser,
    CognitoIdpUserPool,
    CognitoIdpUserPoolClient,
    UserStatus,
)
from moto.cognitoidp.utils import check_secret_hash
from moto.core.exceptions import JsonRESTError

CUSTOM_AUTH = "CUSTOM_AUTH"
CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE"
# Cognito's default when a client names no ExplicitAuthFlows.
DEFAULT_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
TRIGGERS = {
    "DefineAuthChallenge": "DefineAuthChallenge_Authentication",
    "CreateAuthChallenge": "CreateAuthChallenge_Authentication",
    "VerifyAuthChallengeResponse": "VerifyAuthChallengeResponse_Authentication",
}
INCORRECT = "Incorrect username or password."

Event = dict[str, Any]


class UserLambdaValidationException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("UserLambdaValidationException", message)


class InvalidLambdaResponseException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("InvalidLambdaResponseException", message)


@dataclass
class _Session:
    """What Cognito remembers between two rounds of one sign-in."""

    pool_id: str
    client_id: str
    username: str  # the user's own username, or the name given when the user does not exist
    exists: bool
    history: list[dict[str, Any]]
    private: dict[str, Any]
    metadata: str
    expires: float = field(default=0.0)


class _CustomAuth:
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    # The loop

    def start(
        self,
        backend: CognitoIdpBackend,
        pool: CognitoIdpUserPool,
        client: CognitoIdpUserPoolClient,
        params: dict[str, str],
    ) -> dict[str, Any]:
        """InitiateAuth: ask DefineAuthChallenge with an empty session, then go where it says."""
        _allow_custom_auth(pool, client)
        given = _required(params, "USERNAME")
        user = pool._get_user(given)
        _check_secret(client, given, params)
        if user is None and not _prevents_existence_errors(client):
            raise UserNotFoundError("User does not exist.")
        if user is not None:
            _check_can_sign_in(user)
        session = _Session(pool.id, client.id, user.username if user else given, user is not None, [], {}, "")
        return self._next(backend, pool, client, session)

    def answer(
        self, backend: CognitoIdpBackend, token: str, client_id: str, responses: dict[str, str]
    ) -> dict[str, Any]:
        """RespondToAuthChallenge: verify the answer, add it to the session, ask DefineAuthChallenge."""
        with self._lock:
            session = self._sessions.pop(token, None)  # single use, even when refused below
        if session is None or session.client_id != client_id or session.pool_id not in backend.user_pools:
            raise NotAuthorizedError("Invalid session for the user.")
        if session.expires <= self._now():
            raise NotAuthorizedError("Invalid session for the user, session is expired.")
        pool = backend.user_pools[session.pool_id]
        client = pool.clients[client_id]
        given = _required(responses, "USERNAME")
        answer = _required(responses, "ANSWER")
        user = pool._get_user(given) if session.exists else None
        if (user.username if user else given) != session.username:
            raise NotAuthorizedError("Invalid session for the user.")
        _check_secret(client, given, responses)
        if session.exists:
            if user is None:
                raise NotAuthorizedError(INCORRECT)
            _check_can_sign_in(user)
        verify = self._trigger(
            pool,
            client,
            session,
            "VerifyAuthChallengeResponse",
            {"privateChallengeParameters": session.private, "challengeAnswer": answer},
        )
        session.history = [
            *session.history,
            {
                "challengeName": CUSTOM_CHALLENGE,
                "challengeResult": verify.get("answerCorrect") is True,
                "challengeMetadata": session.metadata,
            },
        ]
        return self._next(backend, pool, client, session)

    def _next(
        self, backend: CognitoIdpBackend, pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, session: _Session
    ) -> dict[str, Any]:
        decision = self._trigger(pool, client, session, "DefineAuthChallenge", {"session": list(session.history)})
        if decision.get("failAuthentication"):
            raise NotAuthorizedError(INCORRECT)
        if decision.get("issueTokens"):
            return self._issue(backend, pool, client, session)
        challenge = decision.get("challengeName")
        if challenge != CUSTOM_CHALLENGE:
            raise InvalidLambdaResponseException(
                f"DefineAuthChallenge asked for {challenge!r}: the rehearsal's Cognito runs CUSTOM_CHALLENGE only"
            )
        create = self._trigger(
            pool, client, session, "CreateAuthChallenge", {"challengeName": challenge, "session": list(session.history)}
        )
        session.private = dict(create.get("privateChallengeParameters") or {})
        session.metadata = str(create.get("challengeMetadata") or "")
        session.expires = self._now() + 60 * int(client.extended_config.get("AuthSessionValidity", 3))
        token = secrets.token_urlsafe(96)
        with self._lock:
            self._sessions[token] = session
        public = {str(k): str(v) for k, v in (create.get("publicChallengeParameters") or {}).items()}
        return {
            "ChallengeName": CUSTOM_CHALLENGE,
            "Session": token,
            "ChallengeParameters": {"USERNAME": session.username, **public},
        }

    def _issue(
        self, backend: CognitoIdpBackend, pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, session: _Session
    ) -> dict[str, Any]:
        user = pool._get_user(session.username) if session.exists else None
        if user is None:
            raise NotAuthorizedError(INCORRECT)  # a user that does not exist never gets tokens
        if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
            # A passwordless user proved they hold their channel. moto's GetUser refuses all but
            # CONFIRMED users; the portal's LocalGateway confirms them too (a permanent password).
            user.status = UserStatus.CONFIRMED
        result = backend._log_user_in(pool, client, user.username)
        result["ChallengeParameters"] = {}
        return result

    # Triggers

    def _trigger(
        self,
        pool: CognitoIdpUserPool,
        client: CognitoIdpUserPoolClient,
        session: _Session,
        trigger: str,
        request: dict[str, Any],
    ) -> dict[str, Any]:
        arn = (pool.extended_config.get("LambdaConfig") or {}).get(trigger)
        if not arn:
            raise InvalidParameterException("Custom auth lambda trigger is not configured for the user pool.")
        user = pool._get_user(session.username) if session.exists else None
        full_request: dict[str, Any] = {"userAttributes": _attributes(user), **request}
        if _prevents_existence_errors(client):
            full_request["userNotFound"] = user is None
        event: Event = {
            "version": "1",
            "region": pool.region,
            "userPoolId": pool.id,
            "userName": session.username,
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client.id},
            "triggerSource": TRIGGERS[trigger],
            "request": full_request,
            "response": {},
        }
        return _invoke(arn, trigger, event)


def _invoke(arn: str, trigger: str, event: Event) -> dict[str, Any]:
    """Invoke a trigger by ARN through moto's Lambda backend, as Cognito invokes it."""
    _, _, _, region, account, *_ = arn.split(":")
    headers: dict[str, str] = {}
    payload = lambda_backend(account, region).invoke(arn, None, json.dumps(event), {}, headers)
    text = payload.decode() if isinstance(payload, bytes) else str(payload or "")
    if headers.get("x-amz-function-error"):
        try:
            message = json.loads(text).get("errorMessage", text)
        except (ValueError, AttributeError):
            message = text
        raise UserLambdaValidationException(f"{trigger} failed with error {message}.")
    try:
        reply = json.loads(text)
        response: dict[str, Any] = reply["response"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidLambdaResponseException(f"Unrecognizable lambda output from {trigger}") from exc
    if not isinstance(response, dict):
        raise InvalidLambdaResponseException(f"Unrecognizable lambda output from {trigger}")
    return response


# Cognito's checks


def _attributes(user: CognitoIdpUser | None) -> dict[str, str]:
    if user is None:
        return {}
    attributes = {a["Name"]: a["Value"] for a in user.attributes}
    attributes["cognito:user_status"] = str(getattr(user.status, "value", user.status))
    return attributes


def _required(params: dict[str, str] | None, name: str) -> str:
    value = (params or {}).get(name)
    if not value:
        raise InvalidParameterException(f"Missing required parameter {name}")
    return value


def _allow_custom_auth(pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient) -> None:
    flows = client.extended_config.get("ExplicitAuthFlows") or DEFAULT_FLOWS
    if "ALLOW_CUSTOM_AUTH" not in flows and "CUSTOM_AUTH_FLOW_ONLY" not in flows:
        raise InvalidParameterException("Auth flow not enabled for this client")
    if not (pool.extended_config.get("LambdaConfig") or {}).get("DefineAuthChallenge"):
        raise InvalidParameterException("Custom auth lambda trigger is not configured for the user pool.")


def _prevents_existence_errors(client: CognitoIdpUserPoolClient) -> bool:
    return client.extended_config.get("PreventUserExistenceErrors") == "ENABLED"


def _check_secret(client: CognitoIdpUserPoolClient, username: str, params: dict[str, str]) -> None:
    if client.generate_secret and not check_secret_hash(
        client.secret, client.id, username, params.get("SECRET_HASH", "")
    ):
        raise NotAuthorizedError(f"Client {client.id} is configured with secret but SECRET_HASH was not received")


def _check_can_sign_in(user: CognitoIdpUser) -> None:
    if not user.enabled:
        raise NotAuthorizedError("User is disabled.")
    if user.status == UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException("User is not confirmed.")


def _pool_of(backend: CognitoIdpBackend, client_id: str) -> tuple[CognitoIdpUserPool, CognitoIdpUserPoolClient]:
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool, pool.clients[client_id]
    raise ResourceNotFoundError(client_id)


@contextlib.contextmanager
def installed(now: Callable[[], float] = time.time) -> Iterator[None]:
    """While active, moto's cognito-idp runs CUSTOM_AUTH with the pool's Lambda triggers."""
    loop = _CustomAuth(now)
    initiate = CognitoIdpBackend.initiate_auth
    admin_initiate = CognitoIdpBackend.admin_initiate_auth
    respond = CognitoIdpBackend.respond_to_auth_challenge

    def cognito_initiate_auth_runs_the_custom_auth_triggers(
        self: CognitoIdpBackend, client_id: str, auth_flow: str, auth_parameters: dict[str, str]
    ) -> dict[str, Any]:
        if auth_flow != CUSTOM_AUTH:
            return initiate(self, client_id, auth_flow, auth_parameters)
        pool, client = _pool_of(self, client_id)
        return loop.start(self, pool, client, auth_parameters)

    def cognito_admin_initiate_auth_runs_the_custom_auth_triggers(
        self: CognitoIdpBackend, user_pool_id: str, client_id: str, auth_flow: str, auth_parameters: dict[str, str]
    ) -> dict[str, Any]:
        if auth_flow != CUSTOM_AUTH:
            return admin_initiate(self, user_pool_id, client_id, auth_flow, auth_parameters)
        pool = self.describe_user_pool(user_pool_id)
        client = pool.clients.get(client_id)
        if client is None:
            raise ResourceNotFoundError(client_id)
        return loop.start(self, pool, client, auth_parameters)

    # AdminRespondToAuthChallenge calls this one in moto, so both APIs answer custom challenges.
    def cognito_answers_custom_challenges_through_the_triggers(
        self: CognitoIdpBackend, session: str, client_id: str, challenge_name: str, challenge_responses: dict[str, str]
    ) -> dict[str, Any]:
        if challenge_name != CUSTOM_CHALLENGE:
            return respond(self, session, client_id, challenge_name, challenge_responses)
        return loop.answer(self, session, client_id, challenge_responses)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(CognitoIdpBackend, "initiate_auth", cognito_initiate_auth_runs_the_custom_auth_triggers)
        mp.setattr(CognitoIdpBackend, "admin_initiate_auth", cognito_admin_initiate_auth_runs_the_custom_auth_triggers)
        mp.setattr(
            CognitoIdpBackend, "respond_to_auth_challenge", cognito_answers_custom_challenges_through_the_triggers
        )
        yield
