"""What the customers API accepts and returns."""

from typing import Annotated

from pydantic import ConfigDict, Field

from functions.core.contact import Email, Language, MultiLine, PersonName, Phone
from functions.core.paging import PageQuery
from functions.core.schemas import Changes, Form
from functions.core.shape import Schema


class NewCustomer(Form):
    name: PersonName
    email: Email
    mobile: Phone | None = None
    language: Language = "en"
    notes: Annotated[str, MultiLine(2000, blank=True)] = ""


class CustomerChanges(Changes):
    """An operator's edit. mobile=null removes the mobile number."""

    name: PersonName | None = None
    email: Email | None = None
    mobile: Phone | None = None
    language: Language | None = None
    notes: Annotated[str, MultiLine(2000, blank=True)] | None = None


class Customer(Schema):
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


class CustomerPage(Schema):
    items: list[Customer]
    next_cursor: str | None


class CustomerQuery(PageQuery):
    search: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, description="The start of a name, an e-mail address, or a mobile number."
    )


class Profile(Schema):
    """What customers see of themselves (no operator notes)."""

    customer_id: str
    name: str
    email: str = Field(description="The sign-in e-mail; only the business can change it.")
    mobile: str | None = None
    contact_email: str | None = Field(
        default=None, description="Where notifications and invoices go; the sign-in e-mail when empty."
    )
    language: Language
    pending_mobile: str | None = Field(default=None, description="A number waiting for its code.")
    pending_contact_email: str | None = Field(default=None, description="An address waiting for its code.")


class ProfileChanges(Changes):
    """A customer's own edit. The notification e-mail and the mobile have their own routes:
    both are confirmed by a code sent to them."""

    name: PersonName | None = None
    language: Language | None = None


class MobileRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    mobile: Phone


class ContactEmailRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    contact_email: Email


class ContactConfirmation(Schema):
    """The code sent to a new mobile number or notification e-mail."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\d{6}$")
