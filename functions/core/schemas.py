"""Replies of the system routes."""

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str = Field(description="'ok' when the API can serve requests.")
    stage: str
    version: str
