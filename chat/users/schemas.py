"""Query schemas for user lookups."""

from marshmallow import Schema, fields, validate

from ..auth.schemas import entered
from ..storage.models import THEMES
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
    notifications = StrictBoolean(
        metadata={"description": "a browser notification for new messages in a hidden tab"}
    )
    sound = StrictBoolean(metadata={"description": "with a short sound"})
    theme = fields.String(validate=validate.OneOf(THEMES))


class ProfileSchema(Schema):
    full_name = Trimmed(**entered("Enter your full name", 80))
