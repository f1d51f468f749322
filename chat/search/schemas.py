"""GET /api/search: its query and its answer."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from ..api_schemas import ConversationSchema, MessageSchema
from ..validation import Trimmed
from .tokens import parse_query

PAGE_MAX = 50
QUERY_MAX = 200
ID = validate.Length(min=1, max=64)


def _has_a_word(value: str) -> None:
    if parse_query(value) is None:
        raise ValidationError("Type at least one letter or digit")


class SearchQuery(Schema):
    q = Trimmed(
        required=True,
        validate=[validate.Length(min=1, max=QUERY_MAX), _has_a_word],
        metadata={"description": "words to find (case and accents ignored; the last a prefix)"},
    )
    conversation_id = fields.String(validate=ID, metadata={"description": "only this one"})
    before = fields.String(
        validate=[ID, validate.Regexp(r"^[0-9A-Fa-f]+$", error="Use a next_before value")],
        metadata={"description": "the next_before of the previous page"},
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_MAX))


class SearchHitSchema(MessageSchema):
    conversation = fields.Nested(
        ConversationSchema, required=True, metadata={"description": "as in the list"}
    )


class SearchResponse(Schema):
    messages = fields.List(fields.Nested(SearchHitSchema), required=True)
    next_before = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "`before` for the next older page; null on the last page"},
    )
