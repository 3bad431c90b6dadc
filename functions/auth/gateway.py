"""The sign-in loop: Cognito's in AWS, and a replay of it where Cognito cannot run triggers.

Both answer the same three questions: start a sign-in (a session string), answer its
challenge (tokens, a new session string for another try, or None when Cognito gives up),
and refresh a session. (Ending one is the portal's own: functions.auth.sessions.)
"""

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.exceptions import ClientError

from functions.auth.triggers import Event
from functions.core import clients


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None
    expires_in: int


class SignInGateway(Protocol):
    def start(self, username: str) -> str | None: ...
    def answer(self, username: str, session: str, code: str) -> Tokens | str | None: ...
    def refresh(self, refresh_token: str) -> Tokens | None: ...


def _tokens(result: dict[str, Any], refresh_token: str | None = None) -> Tokens:
    return Tokens(result["AccessToken"], result.get("RefreshToken", refresh_token), int(result["ExpiresIn"]))


def _refused(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] in {"NotAuthorizedException", "UserNotFoundException", "CodeMismatchException"}


class CognitoGateway:
    """AWS: Cognito runs the loop and calls the trigger Lambdas."""

    def __init__(self, client_id: str) -> None:
        self._client_id = client_id

    def start(self, username: str) -> str | None:
        try:
            reply = clients.cognito().initiate_auth(
                ClientId=self._client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": username}
            )
        except ClientError as exc:
            if _refused(exc):
                return None
            raise
        return reply.get("Session")

    def answer(self, username: str, session: str, code: str) -> Tokens | str | None:
        try:
            reply = clients.cognito().respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="CUSTOM_CHALLENGE",
                Session=session,
                ChallengeResponses={"USERNAME": username, "ANSWER": code},
            )
        except ClientError as exc:
            if _refused(exc):
                return None
            raise
        if "AuthenticationResult" in reply:
            return _tokens(dict(reply["AuthenticationResult"]))
        return reply.get("Session")

    def refresh(self, refresh_token: str) -> Tokens | None:
        try:
            reply = clients.cognito().initiate_auth(
                ClientId=self._client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        except ClientError as exc:
            if _refused(exc):
                return None
            raise
        return _tokens(dict(reply["AuthenticationResult"]), refresh_token)


@dataclass
class _LocalSession:
    username: str
    history: list[dict[str, Any]]
    private: dict[str, str]
    metadata: str
    expires: float = field(default=0.0)


Trigger = Callable[[Event], Event]


class LocalGateway(CognitoGateway):
    """Local stack and tests: Cognito's custom-auth loop, replayed against moto.

    It builds Cognito-shaped trigger events, keeps the session history Cognito keeps, hands
    out single-use session strings that expire like Cognito's (the client's
    AuthSessionValidity), and calls the same trigger functions the Lambdas run. When the loop
    says "issue tokens", it has moto mint real ones: a throwaway password nobody learns, then
    ADMIN_USER_PASSWORD_AUTH. Refreshing is Cognito's own, as in AWS.
    """

    def __init__(
        self,
        user_pool_id: str,
        client_id: str,
        define: Trigger,
        create: Trigger,
        verify: Trigger,
        now: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(client_id)
        self._pool = user_pool_id
        self._define, self._create, self._verify = define, create, verify
        self._now = now
        self._sessions: dict[str, _LocalSession] = {}
        self._lock = threading.Lock()
        client = clients.cognito().describe_user_pool_client(UserPoolId=user_pool_id, ClientId=client_id)
        self._session_seconds = 60 * int(client["UserPoolClient"].get("AuthSessionValidity", 3))

    def _event(self, source: str, username: str, attributes: dict[str, str], request: dict[str, Any]) -> Event:
        return {
            "version": "1",
            "region": self._pool.split("_", 1)[0],
            "userPoolId": self._pool,
            "userName": username,
            "callerContext": {"awsSdkVersion": "local-gateway", "clientId": self._client_id},
            "triggerSource": source,
            "request": {"userAttributes": attributes, **request},
            "response": {},
        }

    def _user(self, username: str) -> dict[str, str] | None:
        try:
            user = clients.cognito().admin_get_user(UserPoolId=self._pool, Username=username)
        except ClientError as exc:
            if _refused(exc):
                return None
            raise
        if not user.get("Enabled", True):
            return None  # Cognito: "User is disabled."
        return {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}

    def _next_challenge(self, username: str, attributes: dict[str, str], history: list[dict[str, Any]]) -> str | None:
        create = self._create(
            self._event(
                "CreateAuthChallenge_Authentication",
                username,
                attributes,
                {"challengeName": "CUSTOM_CHALLENGE", "session": list(history)},
            )
        )["response"]
        token = secrets.token_urlsafe(48)
        with self._lock:
            self._sessions[token] = _LocalSession(
                username,
                history,
                dict(create.get("privateChallengeParameters", {})),
                str(create.get("challengeMetadata", "")),
                self._now() + self._session_seconds,
            )
        return token

    def _decide(self, username: str, attributes: dict[str, str], history: list[dict[str, Any]]) -> dict[str, Any]:
        event = self._event("DefineAuthChallenge_Authentication", username, attributes, {"session": list(history)})
        response: dict[str, Any] = self._define(event)["response"]
        return response

    def start(self, username: str) -> str | None:
        attributes = self._user(username)
        if attributes is None:
            return None
        decision = self._decide(username, attributes, [])
        if decision.get("failAuthentication") or decision.get("challengeName") != "CUSTOM_CHALLENGE":
            return None
        return self._next_challenge(username, attributes, [])

    def answer(self, username: str, session: str, code: str) -> Tokens | str | None:
        with self._lock:
            live = self._sessions.pop(session, None)  # single use, like Cognito's
        if live is None or live.username != username or live.expires <= self._now():
            return None
        attributes = self._user(username)
        if attributes is None:
            return None
        verify = self._verify(
            self._event(
                "VerifyAuthChallengeResponse_Authentication",
                username,
                attributes,
                {"privateChallengeParameters": live.private, "challengeAnswer": code},
            )
        )["response"]
        history = [
            *live.history,
            {
                "challengeName": "CUSTOM_CHALLENGE",
                "challengeResult": bool(verify.get("answerCorrect")),
                "challengeMetadata": live.metadata,
            },
        ]
        decision = self._decide(username, attributes, history)
        if decision.get("issueTokens"):
            return self._mint(username)
        if decision.get("failAuthentication"):
            return None
        return self._next_challenge(username, attributes, history)

    def _mint(self, username: str) -> Tokens:
        password = secrets.token_urlsafe(32) + "Aa1"
        cognito = clients.cognito()
        cognito.admin_set_user_password(UserPoolId=self._pool, Username=username, Password=password, Permanent=True)
        reply = cognito.admin_initiate_auth(
            UserPoolId=self._pool,
            ClientId=self._client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return _tokens(dict(reply["AuthenticationResult"]))
