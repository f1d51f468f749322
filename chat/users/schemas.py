"""Query schemas for user lookups."""

from marshmallow import Schema, fields, validate

from ..validation import StrictBoolean, Trimmed


class SearchQuery(Schema):
    q = Trimmed(required=True, validate=validate.Length(min=1, max=64))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class SettingsChangeSchema(Schema):
    """Any of the user's settings; the others keep their values."""

    share_typing = StrictBoolean(metadata={"description": "others see when you are typing"})
    share_read_receipts = StrictBoolean(
        metadata={"description": "others see how far you have read (else only delivered)"}
    )
