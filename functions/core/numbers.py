"""Whole numbers as JSON carries them: 3 and 3.0 are the same number, "3" and true are not.

Use as `Annotated[int, Field(ge=..., le=...), NUMBER_NOT_TEXT]`: the bounds must come before
the validator, or pydantic enforces them but leaves them out of the JSON schema.
"""

from typing import Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def _a_number(value: Any) -> Any:
    if isinstance(value, bool | str | bytes):
        raise PydanticCustomError("not_a_number", "must be a number, not text or true/false")
    return value


NUMBER_NOT_TEXT = BeforeValidator(_a_number)
