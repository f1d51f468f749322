"""Input schemas for signup, login and password change."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..validation import Trimmed
from .password_policy import MAX_LENGTH

USERNAME = validate.Regexp(
    r"^[A-Za-z0-9_.]{3,32}$",
    error="Use 3 to 32 letters, digits, dots or underscores",
)


def entered(missing: str, max_length: int) -> dict[str, Any]:
    """Field options for a text the user must type: empty or absent says what to enter (not a
    length range), too long says the limit."""
    return {
        "required": True,
        "validate": [
            validate.Length(min=1, error=missing),
            validate.Length(max=max_length, error="Use at most {max} characters"),
        ],
        "error_messages": {"required": missing, "null": missing},
    }


class SignupSchema(Schema):
    full_name = Trimmed(**entered("Enter your full name", 80))
    username = Trimmed(required=True, validate=USERNAME)
    password = fields.String(**entered("Enter a password", MAX_LENGTH))
    confirm_password = fields.String(required=True)
    gender = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["male", "female", "other"])
    )
    avatar_url = fields.Url(
        load_default=None,
        allow_none=True,
        schemes={"http", "https"},
        validate=validate.Length(max=500),
    )

    @validates_schema
    def passwords_match(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("password") != data.get("confirm_password"):
            raise ValidationError("Passwords do not match", "confirm_password")


class LoginSchema(Schema):
    username = Trimmed(**entered("Enter your username", 32))
    password = fields.String(**entered("Enter your password", MAX_LENGTH))


class PasswordChangeSchema(Schema):
    current_password = fields.String(**entered("Enter your current password", MAX_LENGTH))
    new_password = fields.String(**entered("Enter a new password", MAX_LENGTH))
