"""Query schemas for user lookups."""

from marshmallow import Schema, fields, validate

from ..validation import Trimmed


class SearchQuery(Schema):
    q = Trimmed(required=True, validate=validate.Length(min=1, max=64))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))
