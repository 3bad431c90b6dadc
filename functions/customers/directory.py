"""The sign-in directory (Cognito user pool): one user per customer and operator.

The Cognito username is the portal's own id for the person, so an access token names its
owner directly. Users have no password anyone knows: they sign in with one-time codes.
"""

from typing import Protocol

from botocore.exceptions import BotoCoreError, ClientError

from functions.core import clients
from functions.core.errors import Unavailable

STAFF_GROUP = "staff"


_COGNITO_FAILED = "The sign-in service did not accept this change; nothing was saved."


class Directory(Protocol):
    """Every method raises Unavailable when Cognito refuses or cannot be reached."""

    def create_user(self, username: str, email: str | None, mobile: str | None, language: str, staff: bool) -> None: ...
    def update_contact(self, username: str, email: str | None, mobile: str | None) -> None: ...
    def delete_user(self, username: str) -> None: ...
    def disable_and_sign_out(self, username: str) -> None: ...
    def restore_user(
        self, username: str, email: str | None, mobile: str | None, language: str, staff: bool
    ) -> None: ...


def no_mail_address(username: str) -> str:
    """The pool's e-mail of a person who has none. The pool requires an e-mail (a schema
    attribute, fixed when a pool is made, and the pool is kept across deploys); this one can
    never receive mail (.invalid, RFC 2606) and is left unverified. Nothing reads it: codes go
    where the portal's own record says (functions/auth/triggers.py)."""
    return f"{username}@no-email.invalid"


def _attributes(username: str, email: str | None, mobile: str | None) -> list[dict[str, str]]:
    if email:
        attributes = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    else:
        attributes = [
            {"Name": "email", "Value": no_mail_address(username)},
            {"Name": "email_verified", "Value": "false"},
        ]
    if mobile:
        attributes += [{"Name": "phone_number", "Value": mobile}, {"Name": "phone_number_verified", "Value": "true"}]
    return attributes


class CognitoDirectory:
    def __init__(self, user_pool_id: str) -> None:
        self._pool = user_pool_id

    def create_user(self, username: str, email: str | None, mobile: str | None, language: str, staff: bool) -> None:
        """Create the user with no invitation and no password; raise Unavailable if Cognito says no."""
        cognito = clients.cognito()
        try:
            cognito.admin_create_user(
                UserPoolId=self._pool,
                Username=username,
                UserAttributes=[*_attributes(username, email, mobile), {"Name": "locale", "Value": language}],  # type: ignore[list-item]
                MessageAction="SUPPRESS",
            )
            if staff:
                cognito.admin_add_user_to_group(UserPoolId=self._pool, Username=username, GroupName=STAFF_GROUP)
        except (ClientError, BotoCoreError) as exc:
            raise Unavailable(_COGNITO_FAILED) from exc

    def update_contact(self, username: str, email: str | None, mobile: str | None) -> None:
        cognito = clients.cognito()
        try:
            cognito.admin_update_user_attributes(
                UserPoolId=self._pool,
                Username=username,
                UserAttributes=_attributes(username, email, mobile),  # type: ignore[arg-type]
            )
            if mobile is None:
                cognito.admin_delete_user_attributes(
                    UserPoolId=self._pool, Username=username, UserAttributeNames=["phone_number"]
                )
        except (ClientError, BotoCoreError) as exc:
            raise Unavailable(_COGNITO_FAILED) from exc

    def delete_user(self, username: str) -> None:
        clients.cognito().admin_delete_user(UserPoolId=self._pool, Username=username)

    def disable_and_sign_out(self, username: str) -> None:
        """Refresh tokens die now; access tokens are refused by the portal (the session generation moved on)."""
        cognito = clients.cognito()
        cognito.admin_disable_user(UserPoolId=self._pool, Username=username)
        cognito.admin_user_global_sign_out(UserPoolId=self._pool, Username=username)

    def restore_user(self, username: str, email: str | None, mobile: str | None, language: str, staff: bool) -> None:
        """The user able to sign in again: enabled, in its group, or created if the pool lost it
        (a pool made anew beside a kept table)."""
        cognito = clients.cognito()
        try:
            cognito.admin_get_user(UserPoolId=self._pool, Username=username)
        except cognito.exceptions.UserNotFoundException:
            self.create_user(username, email, mobile, language, staff)
            return
        try:
            cognito.admin_enable_user(UserPoolId=self._pool, Username=username)
            if staff:
                cognito.admin_add_user_to_group(UserPoolId=self._pool, Username=username, GroupName=STAFF_GROUP)
        except (ClientError, BotoCoreError) as exc:
            raise Unavailable(_COGNITO_FAILED) from exc
