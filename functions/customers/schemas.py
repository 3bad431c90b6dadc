"""What the customers API accepts and returns."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from functions.core.contact import Email, Language, PersonName, Phone
from functions.core.schemas import Changes, Form


class NewCustomer(Form):
    name: PersonName
    email: Email
    mobile: Phone | None = None
    language: Language = "en"
    notes: str = Field(default="", max_length=2000)


class CustomerChanges(Changes):
    """An operator's edit. mobile=null removes the mobile number."""

    name: PersonName | None = None
    email: Email | None = None
    mobile: Phone | None = None
    language: Language | None = None
    notes: Annotated[str, Field(max_length=2000)] | None = None


class Customer(BaseModel):
    customer_id: str
    name: str
    email: str
    mobile: str | None = None
    contact_email: str | None = None
    language: Language
    notes: str = ""
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
    mobile: str | None = None
    contact_email: str | None = None
    language: Language
    pending_mobile: str | None = None


class ProfileChanges(Changes):
    """A customer's own edit."""

    name: PersonName | None = None
    language: Language | None = None
    contact_email: Email | None = None


class MobileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mobile: Phone


class MobileConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\d{6}$")
