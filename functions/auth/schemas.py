"""What the sign-in API accepts and returns."""

from pydantic import BaseModel, ConfigDict, Field


class StartSignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    identifier: str = Field(min_length=3, max_length=254, description="An e-mail address or a mobile number.")


class CodeSent(BaseModel):
    """The same reply whoever asked: known, unknown, deactivated or throttled."""

    message: str
    resend_after_seconds: int
    expires_in_seconds: int


class VerifyCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=6, max_length=6, pattern=r"^\d{6}$")


class SignedInPerson(BaseModel):
    principal_id: str
    kind: str = Field(description="customer or staff")
    name: str
    email: str
    language: str


class SessionReply(BaseModel):
    signed_in: bool
    person: SignedInPerson | None = None
