"""What the customers API accepts and returns."""

from pydantic import BaseModel, ConfigDict, Field

from functions.core.contact import Email, Language, Phone

Name = Field(min_length=1, max_length=120)


class NewCustomer(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Name
    email: Email
    mobile: Phone | None = None
    language: Language = "en"
    notes: str = Field(default="", max_length=2000)


class CustomerChanges(BaseModel):
    """An operator's edit; fields left out stay as they are. mobile=null removes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=120)
    email: Email | None = None
    mobile: Phone | None = None
    language: Language | None = None
    notes: str | None = Field(default=None, max_length=2000)


class Customer(BaseModel):
    customer_id: str
    name: str
    email: str
    mobile: str | None
    contact_email: str | None
    language: Language
    notes: str
    status: str
    created_at: str
    updated_at: str


class CustomerPage(BaseModel):
    items: list[Customer]
    next_cursor: str | None


class Profile(BaseModel):
    """What customers see of themselves (no operator notes)."""

    customer_id: str
    name: str
    email: str = Field(description="The sign-in e-mail; only the business can change it.")
    mobile: str | None
    contact_email: str | None
    language: Language
    pending_mobile: str | None = None


class ProfileChanges(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=120)
    language: Language | None = None
    contact_email: Email | None = None


class MobileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mobile: Phone


class MobileConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\d{6}$")
