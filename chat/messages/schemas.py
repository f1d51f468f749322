"""Input schemas for sending messages and paging history."""

from marshmallow import Schema, fields, validate

from ..validation import Trimmed

MAX_TEXT = 4000
PAGE_MAX = 100


class SendMessageSchema(Schema):
    to = fields.String(required=True, validate=validate.Length(min=1, max=64))
    text = Trimmed(
        required=True,
        validate=validate.Length(min=1, max=MAX_TEXT, error="Write 1 to {max} characters"),
    )
    client_id = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_-]{8,64}$", error="Use 8 to 64 letters, digits, - or _"
        ),
    )


class HistoryQuery(Schema):
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**53))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_MAX))
