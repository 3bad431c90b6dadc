"""What the sign-in API accepts and returns."""

from pydantic import ConfigDict, Field

from functions.core.shape import Schema


class StartSignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    identifier: str = Field(min_length=3, max_length=254, description="An e-mail address or a mobile number.")


class CodeSent(Schema):
    """The same reply whoever asked: known, unknown, deactivated or throttled."""

    message: str
    resend_after_seconds: int
    expires_in_seconds: int


class VerifyCode(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=6, max_length=6, pattern=r"^\d{6}$")


class SignedInPerson(Schema):
    principal_id: str
    kind: str = Field(description="customer or staff")
    name: str
    email: str
    language: str


class SessionReply(Schema):
    signed_in: bool
    person: SignedInPerson | None = None
