"""Shapes shared by every domain, and the replies of the system routes."""

from datetime import date
from typing import Annotated, Self

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from functions.core.contact import OneLine
from functions.core.shape import Schema

ID_PATTERN = r"^[0-9A-Z]{26}$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _real_day(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise PydanticCustomError("not_a_date", "is not a date (YYYY-MM-DD)") from exc
    return value


Day = Annotated[
    str,
    Field(pattern=DAY_PATTERN, description="YYYY-MM-DD", json_schema_extra={"format": "date"}),
    AfterValidator(_real_day),
]
EntityId = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, OneLine(500)]  # a title or a reason: one line, see core.contact.OneLine
# The largest file anyone may upload (the S3 POST policy and the confirm check): the schema's
# limit and the server's are this one number (a test holds settings' default to it).
UPLOAD_MAX_BYTES = 25 * 1024 * 1024


class Health(Schema):
    status: str = Field(description="'ok' when the API can serve requests.")
    stage: str
    version: str


def _trimmed(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_trimmed(item) for item in value]
    return value


class Form(Schema):
    """A request body: unknown fields refused, white space around text trimmed.

    Trimmed after the limits are checked, not before (pydantic's str_strip_whitespace trims
    first), so a body is judged by the limits the published schema states: a note of 2,000
    characters plus a trailing space is too long here exactly as it is for any client.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _trim(cls, value: object) -> object:
        return _trimmed(value)


class Changes(Form):
    """An edit: fields left out stay as they are; an empty edit is a mistake worth saying."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if not self.model_fields_set:
            raise PydanticCustomError("nothing_to_change", "nothing to change: send at least one field")
        return self
