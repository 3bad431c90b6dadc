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


class AccountChoice(Schema):
    """An account a contact signs in for, and their role on it (docs/accounts.md)."""

    account_id: str
    name: str
    role: str = Field(description="admin, billing, buyer, support or viewer")
    scope: str = Field(description="all: every item of the role's areas; mine: only those this contact created")
    reads: list[str] = Field(description="The areas this role may read (core.roles): the menu shows these.")
    writes: list[str] = Field(description="The areas this role may change.")


class SignedInPerson(Schema):
    principal_id: str
    kind: str = Field(description="customer or staff")
    name: str
    email: str
    language: str
    accounts: list[AccountChoice] = Field(default_factory=list, description="A contact's accounts, by name.")
    account: AccountChoice | None = Field(
        default=None, description="The account this session acts for; none while a contact of several has not chosen."
    )


class ChooseAccount(Schema):
    account_id: str = Field(pattern=r"^[0-9A-Za-z_-]{1,64}$", description="One of the accounts the session lists.")


class SessionReply(Schema):
    signed_in: bool
    person: SignedInPerson | None = None
