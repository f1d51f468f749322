"""Input schemas for sending messages and paging history."""

from typing import Any

import emoji
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..validation import StrictBoolean, StrictInteger, Trimmed

MAX_TEXT = 4000
MAX_ATTACHMENTS = 10
PAGE_MAX = 100


ID = validate.Length(min=1, max=64)


class SendMessageSchema(Schema):
    """To a conversation the sender is in, or `to` a user (their direct conversation)."""

    conversation_id = fields.String(validate=ID)
    to = fields.String(validate=ID)
    reply_to = fields.String(validate=ID, metadata={"description": "the id of the answered one"})
    text = Trimmed(
        load_default="",
        validate=validate.Length(max=MAX_TEXT, error="Write 1 to {max} characters"),
        metadata={"description": "may be empty when attachment_ids are given"},
    )
    attachment_ids = fields.List(
        fields.String(validate=ID),
        validate=validate.Length(min=1, max=MAX_ATTACHMENTS, error="Attach 1 to {max} files"),
        metadata={"description": "the sender's unsent uploads to this conversation"},
    )
    client_id = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_-]{8,64}$", error="Use 8 to 64 letters, digits, - or _"
        ),
    )

    @validates_schema
    def _one_destination(self, data: dict[str, Any], **_: Any) -> None:
        if ("to" in data) == ("conversation_id" in data):
            message = "Give either conversation_id or to"
            raise ValidationError({"conversation_id": [message], "to": [message]})

    @validates_schema
    def _text_or_files(self, data: dict[str, Any], **_: Any) -> None:
        ids = data.get("attachment_ids")
        if not ids and not data.get("text"):
            raise ValidationError({"text": [f"Write 1 to {MAX_TEXT} characters"]})
        if ids and len(set(ids)) != len(ids):
            raise ValidationError({"attachment_ids": ["Attach each file once"]})
        if ids and "conversation_id" not in data:
            message = "Send files with the conversation_id they were uploaded to"
            raise ValidationError({"conversation_id": [message]})


class HistoryQuery(Schema):
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**53))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_MAX))


MAX_SEQ = 2**53  # the largest integer a JavaScript client can hold exactly
SYNC_MAX_CONVERSATIONS = 200
SYNC_MAX_LIMIT = 500


class SyncSchema(Schema):
    cursors = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=StrictInteger(validate=validate.Range(min=0, max=MAX_SEQ)),
        required=True,
        validate=validate.Length(min=1, max=SYNC_MAX_CONVERSATIONS),
    )
    changes = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=StrictInteger(validate=validate.Range(min=0, max=MAX_SEQ)),
        load_default=dict,
        validate=validate.Length(max=SYNC_MAX_CONVERSATIONS),
        metadata={"description": "conversation id → the change number the client holds"},
    )
    limit = StrictInteger(load_default=200, validate=validate.Range(min=1, max=SYNC_MAX_LIMIT))


class ReceiptSchema(Schema):
    conversation_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    seq = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_SEQ))


TEXT = Trimmed(
    required=True,
    validate=validate.Length(min=1, max=MAX_TEXT, error="Write 1 to {max} characters"),
)


class EditSchema(Schema):
    message_id = fields.String(required=True, validate=ID)
    text = TEXT


class DeleteSchema(Schema):
    message_id = fields.String(required=True, validate=ID)


def _one_emoji(value: str) -> None:
    if not emoji.is_emoji(value):
        raise ValidationError("Use one emoji")


class ReactSchema(Schema):
    message_id = fields.String(required=True, validate=ID)
    emoji = fields.String(required=True, validate=[validate.Length(min=1, max=32), _one_emoji])
    on = StrictBoolean(required=True)
