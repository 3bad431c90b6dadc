"""Shapes shared by every domain, and the replies of the system routes."""

from datetime import date
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from functions.core.contact import VISIBLE_PATTERN

ID_PATTERN = r"^[0-9A-Z]{26}$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _real_day(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("is not a date (YYYY-MM-DD)") from exc
    return value


Day = Annotated[
    str,
    Field(pattern=DAY_PATTERN, description="YYYY-MM-DD", json_schema_extra={"format": "date"}),
    AfterValidator(_real_day),
]
EntityId = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=500, pattern=VISIBLE_PATTERN)]


class Health(BaseModel):
    status: str = Field(description="'ok' when the API can serve requests.")
    stage: str
    version: str


class Changes(BaseModel):
    """An edit: fields left out stay as they are; an empty edit is a mistake worth saying."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"minProperties": 1})

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("nothing to change: send at least one field")
        return self
