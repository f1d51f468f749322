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
PASSWORD = validate.Length(min=1, max=MAX_LENGTH, error="Use at most {max} characters")


class SignupSchema(Schema):
    full_name = Trimmed(required=True, validate=validate.Length(min=1, max=80))
    username = Trimmed(required=True, validate=USERNAME)
    password = fields.String(required=True, validate=PASSWORD)
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
    username = Trimmed(required=True, validate=validate.Length(min=1, max=32))
    password = fields.String(required=True, validate=validate.Length(min=1, max=128))


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, validate=PASSWORD)
    new_password = fields.String(required=True, validate=PASSWORD)
