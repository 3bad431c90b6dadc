"""The base of every request and reply shape the portal's routes and records use."""

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """A pydantic model whose validator is built the first time it is used, not when its
    module is imported: a cold start builds the few shapes its first request needs rather
    than every shape its domain (and the domains it reads through) declares, ~40 ms of a
    tickets or payments cold start (docs/performance.md)."""

    model_config = ConfigDict(defer_build=True)
