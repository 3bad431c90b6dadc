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
    remember: bool = Field(
        default=False, description="This is my device: the session lasts 30 days (revocable), not 12 hours."
    )


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
    email: str | None = Field(default=None, description="None: a contact who signs in by mobile alone.")
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


class SignedInDevice(Schema):
    """One of the person's live sessions, as its device showed itself when it signed in."""

    session_id: str
    device: str = Field(description='"Firefox 128 on Android"; empty when the browser named none we know.')
    browser: str | None
    system: str | None
    country: str | None = Field(description="ISO 3166 code of where the sign-in came from, where the edge says.")
    city: str | None
    address: str = Field(description="The client address it signed in from.")
    first_seen: str = Field(description="The sign-in (ISO 8601, UTC).")
    last_seen: str = Field(description="The sign-in or its latest renewal (ISO 8601, UTC).")
    expires_at: str = Field(description="When the session ends unless revoked (ISO 8601, UTC).")
    remembered: bool = Field(description="Marked as the person's own device: 30 days, not 12 hours.")
    current: bool = Field(description="The session this request belongs to.")


class SessionList(Schema):
    """The signed-in person's live sessions, newest first (at most 20: all of them)."""

    items: list[SignedInDevice]


class SessionsEnded(Schema):
    ended: int = Field(description="How many other sessions were ended.")
