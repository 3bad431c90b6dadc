"""What the customers API accepts and returns."""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from functions.core.contact import Email, Language, MultiLine, PersonName, Phone
from functions.core.paging import DEFAULT_PAGE_SIZE, PageQuery, PageSize
from functions.core.schemas import Changes, Form, Text
from functions.core.shape import Schema


class NewCustomer(Form):
    name: PersonName = Field(description="The person: the account's first contact (and its name, for a person).")
    company: PersonName | None = Field(default=None, description="The account's name when the customer is a company.")
    email: Email
    mobile: Phone | None = None
    language: Language = "en"
    notes: Annotated[str, MultiLine(2000, blank=True)] = ""


class CustomerChanges(Changes):
    """An operator's edit. mobile=null removes the mobile number."""

    name: PersonName | None = None
    company: PersonName | None = Field(default=None, description="Renames a company account (it stays a company).")
    email: Email | None = None
    mobile: Phone | None = None
    language: Language | None = None
    notes: Annotated[str, MultiLine(2000, blank=True)] | None = None


class Customer(Schema):
    """An account, with its main contact's e-mail, mobile and language (the first contact)."""

    customer_id: str
    kind: str = Field(default="person", description="person or company")
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
    """What a contact sees of themselves (no operator notes)."""

    contact_id: str
    name: str
    email: str | None = Field(
        default=None, description="The sign-in e-mail; only the business can change it. None: by mobile alone."
    )
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


RoleName = Literal["admin", "billing", "buyer", "support", "viewer"]
SPENDING_LIMIT = (
    "A buyer's orders above it, or in another currency, wait for an account admin's approval "
    "before they reach the business. None: no limit."
)


class SpendingLimit(Schema):
    amount: int = Field(ge=0, le=100_000_000, description="Minor units (cents for EUR).")
    currency: str = Field(pattern=r"^[A-Z]{3}$")


ScopeName = Literal["all", "mine"]


class NewContact(Form):
    """A person to add to an account (an account admin's invitation, or the business's): with an
    e-mail, a mobile, or both; they sign in with either (the code goes to the mobile when they
    have one). Neither: 400 email_or_mobile_required."""

    # At least one of the two, given as text (the service says so too, with its own code).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": [name], "properties": {name: {"type": "string"}}} for name in ("email", "mobile")]
        }
    )

    name: PersonName
    email: Email | None = Field(default=None, description="Signs them in; optional when a mobile is given.")
    mobile: Phone | None = Field(default=None, description="Signs them in by text; optional when an e-mail is given.")
    language: Language = "en"
    role: RoleName = Field(description="admin, billing, buyer, support or viewer (docs/accounts.md)")
    scope: ScopeName = Field(default="all", description="all: every item of the role's areas; mine: only their own")
    spending_limit: SpendingLimit | None = Field(default=None, description=SPENDING_LIMIT)


class ContactChanges(Changes):
    """spending_limit=null removes the limit."""

    role: RoleName | None = None
    scope: ScopeName | None = None
    spending_limit: SpendingLimit | None = Field(default=None, description=SPENDING_LIMIT)


class AccountContact(Schema):
    contact_id: str
    name: str
    email: str | None = Field(default=None, description="None: the contact signs in by mobile alone.")
    mobile: str | None = None
    role: str
    scope: str
    status: str = Field(description="active, or invited: waiting for the business's approval")
    spending_limit: SpendingLimit | None = None
    added_at: str
    is_me: bool = False


class ContactList(Schema):
    items: list[AccountContact]
    invites_need_approval: bool = Field(description="Whether the business approves each contact an admin invites.")


class AuditParty(Schema):
    """Who acted, or what was acted on: a name only when it is a person or an account of ours
    (resolved when the log is read, so an erased person's name is gone from it too)."""

    kind: str = Field(description="contact, staff or system; or the target's kind: order, payment, contact, ...")
    id: str | None = None
    name: str | None = None
    label: str | None = Field(default=None, description="The target's number (ORD-000012), when it has one.")


class AuditRecord(Schema):
    entry_id: str
    at: str
    action: str = Field(description="sign_in, contact_added, payment_started, document_downloaded, ... (docs/audit.md)")
    account_id: str | None = Field(default=None, description="The account it was done on; null: the business's own.")
    account_name: str | None = None
    actor: AuditParty
    target: AuditParty | None = None
    device: str = Field(description='The browser and system, e.g. "Firefox 128 on Android"; empty if unknown.')
    address: str = Field(description="The network address the request came from; empty outside a request.")
    details: dict[str, str | int | bool | list[str] | None]


class AuditPage(Schema):
    items: list[AuditRecord]
    next_cursor: str | None


class ErasureState(Schema):
    """A person's request to be forgotten, and how far its erasure has gone."""

    status: str = Field(description="none, requested, erasing, done or declined")
    contact_id: str | None = None
    name: str | None = Field(default=None, description="Who asked, in the business's list, until they are erased.")
    requested_at: str | None = None
    decided_at: str | None = None
    declined_because: str | None = None
    done_at: str | None = None
    steps_done: int = 0
    steps: int = 0
    kept: dict[str, int] = Field(
        default_factory=dict, description="What the law keeps, by kind (invoices, payments), the name in it replaced."
    )


class ErasureList(Schema):
    items: list[ErasureState]


class ErasureDecline(Form):
    reason: Text


class ErasureQuery(Schema):
    status: Literal["requested", "erasing", "done", "declined"] = "requested"
    limit: PageSize = DEFAULT_PAGE_SIZE
