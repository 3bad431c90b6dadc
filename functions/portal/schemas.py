"""What the portal editor reads and changes, and what every visitor learns of the portal."""

from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from functions.core.contact import Email, Language, PersonName, Phone
from functions.core.schemas import Form
from functions.core.shape import Schema
from functions.documents.schemas import FileFacts

COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
ACTIONS = ("orders", "payments", "documents", "bookings", "tickets", "inbox", "chat")


class Actions(Form):
    """Which parts of the portal customers get. Off: gone from the pages, and its API is a 404."""

    orders: bool = True
    payments: bool = True
    documents: bool = True
    bookings: bool = True
    tickets: bool = True
    inbox: bool = True
    chat: bool = True
    help: bool = True


class Branding(Form):
    business_name: PersonName
    primary_colour: Annotated[str, Field(pattern=COLOUR_PATTERN, description="#rrggbb; 4.5:1 against white")]
    support_email: Email | None = None
    support_phone: Phone | None = None
    default_language: Language = "en"

    @field_validator("primary_colour")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class Reminders(Form):
    due_soon_days: int = Field(default=3, ge=1, le=14, description="Remind this many days before an invoice is due.")
    overdue_days: list[Annotated[int, Field(ge=1, le=60)]] = Field(
        default=[1, 7], min_length=1, max_length=3, description="Remind this many days after, once each."
    )

    @field_validator("overdue_days")
    @classmethod
    def _each_day_once_in_order(cls, days: list[int]) -> list[int]:
        return sorted(set(days))


HELP_PUBLIC = "Whether the help centre is readable before sign-in; false: by signed-in customers only."
INVITES_NEED_APPROVAL = (
    "Whether the business approves each contact an account admin invites before they may sign in; "
    "contacts the business adds itself never wait."
)


class PortalSettings(Schema):
    actions: Actions
    branding: Branding
    reminders: Reminders
    invites_need_approval: bool = Field(default=False, description=INVITES_NEED_APPROVAL)
    help_public: bool = Field(default=True, description=HELP_PUBLIC)
    version: int
    updated_at: str | None = None


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class PortalSettingsChange(Form):
    """What the operator changes; a part left out stays as it is (null is not a value here).
    `version` is the one read."""

    # version and at least one part: the schema says so, not only the validator below
    model_config = ConfigDict(json_schema_extra={"minProperties": 2})

    version: int = Field(ge=0, description="The settings' version as read: a newer one is a 409.")
    actions: Actions = None  # type: ignore[assignment]
    branding: Branding = None  # type: ignore[assignment]
    reminders: Reminders = None  # type: ignore[assignment]
    # Left out, it stays; sent, it is true or false (never null): the schema shows no default.
    invites_need_approval: bool = Field(  # type: ignore[assignment]
        default=None, description=INVITES_NEED_APPROVAL, json_schema_extra=_without_default
    )
    help_public: bool = Field(  # type: ignore[assignment]
        default=None, description=HELP_PUBLIC, json_schema_extra=_without_default
    )

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        parts = (self.actions, self.branding, self.reminders, self.invites_need_approval, self.help_public)
        if all(part is None for part in parts):
            raise PydanticCustomError(
                "nothing_to_change",
                "nothing to change: send actions, branding, reminders, invites_need_approval or help_public",
            )
        return self


class LogoUpload(FileFacts):
    """A logo: PNG, JPEG or WebP (no SVG: it can carry script), at most 1 MB."""

    content_type: Literal["image/png", "image/jpeg", "image/webp"]
    size: int = Field(ge=1, le=1024 * 1024)


class Logo(Schema):
    upload_id: str
    url: str = Field(description="Where pages load the logo from.")


class PublicPortal(Schema):
    """What every page needs before anyone signs in."""

    logo_url: str | None = Field(description="Null until the business uploads a logo.")
    business_name: str
    primary_colour: str
    support_email: str | None
    support_phone: str | None
    default_language: Language
    actions: Actions
    help_public: bool = Field(description=HELP_PUBLIC)
