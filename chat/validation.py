"""marshmallow helpers shared by every HTTP body and socket payload."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields

from .errors import ApiError


class Trimmed(fields.String):
    """A string with surrounding white space removed before validation."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


def load(schema: Schema, data: Any) -> dict[str, Any]:
    """Validate data or raise ApiError(400) with the field messages."""
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_input", "Expected a JSON object")
    try:
        return schema.load(data)
    except ValidationError as err:
        raise ApiError.invalid(err) from err


class StrictBoolean(fields.Boolean):
    """true or false as JSON booleans only (no "yes", 1 or "true")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictInteger(fields.Integer):
    """An integer that must arrive as a JSON number: no strings, floats or booleans."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)
