"""Shapes shared by every domain, and the replies of the system routes."""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


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
