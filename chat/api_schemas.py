"""Response schemas of the HTTP API (docs/api.md "Shapes"), used by the OpenAPI document.

The routes answer with the models' `public()` dicts; these schemas describe them so the contract
tests can check every response. Every field is always present; unknown fields are not allowed.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .messages.schemas import MAX_SEQ
from .storage.models import ROLES, SYSTEM_EVENTS
from .users.schemas import SettingsChangeSchema

SEQ = validate.Range(min=0, max=MAX_SEQ)
POSITIVE_SEQ = validate.Range(min=1, max=MAX_SEQ)


class UserSchema(Schema):
    id = fields.String(required=True)
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    gender = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(["male", "female", "other"])
    )
    avatar_url = fields.String(required=True, allow_none=True)


class ReactionSchema(Schema):
    emoji = fields.String(required=True)
    count = fields.Integer(required=True, validate=validate.Range(min=1))
    user_ids = fields.List(fields.String(), required=True)
    mine = fields.Boolean(metadata={"description": "you reacted so (in answers to you)"})


class QuoteSchema(Schema):
    id = fields.String(required=True, allow_none=True)
    seq = fields.Integer(required=True, validate=POSITIVE_SEQ)
    sender_id = fields.String(required=True, allow_none=True)
    excerpt = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "its first 100 characters now; null once it was deleted"},
    )


class AttachmentSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "sanitised, ≤ 255 bytes"})
    size = fields.Integer(required=True, validate=validate.Range(min=0))
    content_type = fields.String(
        required=True,
        validate=validate.OneOf(
            ["image/png", "image/jpeg", "image/webp", "image/gif", "application/octet-stream"]
        ),
        metadata={"description": "decided from the bytes"},
    )
    width = fields.Integer(required=True, allow_none=True, metadata={"description": "images"})
    height = fields.Integer(required=True, allow_none=True, metadata={"description": "images"})
    url = fields.String(required=True)
    thumbnail_url = fields.String(required=True, allow_none=True)


class AttachmentResponse(Schema):
    attachment = fields.Nested(AttachmentSchema, required=True)


class MessageSchema(Schema):
    id = fields.String(required=True)
    conversation_id = fields.String(required=True)
    seq = fields.Integer(required=True, validate=POSITIVE_SEQ)
    sender_id = fields.String(required=True)
    text = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "null when the server cannot decrypt the stored text"},
    )
    client_id = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["text", "system"]))
    event = fields.String(
        validate=validate.OneOf(SYSTEM_EVENTS),
        metadata={"description": "system messages: what changed in the group"},
    )
    actor_id = fields.String(metadata={"description": "system messages: who changed it"})
    target_ids = fields.List(
        fields.String(), metadata={"description": "system messages: whom it is about"}
    )
    edited_at = fields.DateTime(allow_none=True, metadata={"description": "text messages"})
    deleted = fields.Boolean(metadata={"description": "a tombstone: text null, no reactions"})
    reactions = fields.List(fields.Nested(ReactionSchema))
    reply_to = fields.Nested(
        QuoteSchema, allow_none=True, metadata={"description": "the message this one answers"}
    )
    mentions = fields.List(fields.String(), metadata={"description": "user ids named with @"})
    attachments = fields.List(
        fields.Nested(AttachmentSchema), metadata={"description": "text messages: its files"}
    )
    change_seq = fields.Integer(
        validate=SEQ,
        metadata={"description": "its conversation's change number of its last change"},
    )


class ContactSchema(UserSchema):
    last_seen_at = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={
            "description": "when they were last online; null if never seen or presence is "
            "not shared (a block)"
        },
    )


class GroupMemberSchema(Schema):
    user = fields.Nested(UserSchema, required=True, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class ConversationSchema(Schema):
    """Fields marked "direct" or "group" are present for that kind only."""

    id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["direct", "group"]))
    left = fields.Boolean(
        required=True,
        metadata={"description": "you left or were removed: read-only, up to that point"},
    )
    muted = fields.Boolean(
        required=True, metadata={"description": "no notifications for you but mentions"}
    )
    other = fields.Nested(
        ContactSchema,
        allow_none=True,
        metadata={"description": "direct: the other member; null if that account is gone"},
    )
    title = fields.String(metadata={"description": "group"})
    my_role = fields.String(
        allow_none=True,
        validate=validate.OneOf(ROLES),
        metadata={"description": "group: null after leaving"},
    )
    members = fields.List(
        fields.Nested(GroupMemberSchema), metadata={"description": "group: current members"}
    )
    former_members = fields.List(
        fields.Nested(UserSchema, allow_none=True),
        metadata={"description": "group: people who left or were removed (to name them)"},
    )
    last_message = fields.Nested(MessageSchema, required=True, allow_none=True)
    updated_at = fields.DateTime(required=True)
    last_seq = fields.Integer(required=True, validate=SEQ)
    unread = fields.Integer(required=True, validate=SEQ)
    unread_mentions = fields.Integer(
        required=True, validate=SEQ, metadata={"description": "unread messages naming you"}
    )
    last_change = fields.Integer(
        required=True,
        validate=SEQ,
        metadata={"description": "the latest change number (the client's change cursor to start)"},
    )
    read_seq = fields.Integer(required=True, validate=SEQ)
    peer_read_seq = fields.Integer(required=True, validate=SEQ)
    peer_delivered_seq = fields.Integer(required=True, validate=SEQ)
    blocked = fields.Boolean(metadata={"description": "direct: you blocked the other"})
    presence_shared = fields.Boolean(
        metadata={
            "description": "direct: you see each other's presence (false across a block either"
            " way): without it, show no online status at all"
        },
    )


class UserResponse(Schema):
    user = fields.Nested(UserSchema, required=True)


SECONDS = validate.Range(min=0)


class SessionTimesSchema(Schema):
    """Durations from now, in seconds (the client's clock may be off; its timers are not)."""

    access_expires_in = fields.Integer(
        required=True,
        validate=SECONDS,
        metadata={"description": "until the access token expires: refresh before, or on 401"},
    )
    idle_timeout = fields.Integer(
        required=True,
        validate=SECONDS,
        metadata={"description": "the session ends after this long without a refresh"},
    )
    expires_in = fields.Integer(
        required=True,
        validate=SECONDS,
        metadata={"description": "until the session ends however active (sign in again)"},
    )


class SessionResponse(Schema):
    user = fields.Nested(UserSchema, required=True)
    session = fields.Nested(SessionTimesSchema, required=True)


class MessageRulesResponse(Schema):
    edit_window_minutes = fields.Float(
        required=True,
        validate=validate.Range(min=0),
        metadata={"description": "how long after sending a message can be edited; 0: always"},
    )


class PasswordRulesResponse(Schema):
    min_length = fields.Integer(required=True, validate=validate.Range(min=1))
    max_length = fields.Integer(required=True, validate=validate.Range(min=1))


class UserListResponse(Schema):
    users = fields.List(fields.Nested(UserSchema), required=True)


class MessageResponse(Schema):
    message = fields.Nested(MessageSchema, required=True)


class HistoryResponse(Schema):
    messages = fields.List(fields.Nested(MessageSchema), required=True)
    next_before = fields.Integer(
        required=True,
        allow_none=True,
        validate=POSITIVE_SEQ,
        metadata={"description": "`before` for the next older page; null on the oldest page"},
    )


class ConversationResponse(Schema):
    conversation = fields.Nested(ConversationSchema, required=True)


class ConversationListResponse(Schema):
    conversations = fields.List(fields.Nested(ConversationSchema), required=True)


class SettingsResponse(Schema):
    settings = fields.Nested(SettingsChangeSchema, required=True)


class ReadersResponse(Schema):
    read = fields.List(fields.Nested(UserSchema), required=True)
    delivered = fields.List(
        fields.Nested(UserSchema),
        required=True,
        metadata={"description": "received but not (visibly) read"},
    )


class OkResponse(Schema):
    ok = fields.Boolean(required=True, validate=validate.Equal(True))


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": "a human-readable message"})
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]+$"))
    field_errors = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "messages by field, for invalid input"},
    )
    retry_after = fields.Integer(validate=validate.Range(min=1))


class RateLimitedSchema(ErrorSchema):
    retry_after = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "seconds to wait"}
    )


class SignedInSessionSchema(Schema):
    """One of your signed-in sessions (GET /api/auth/sessions)."""

    id = fields.String(required=True)
    device = fields.String(
        required=True,
        metadata={"description": "from its user agent, e.g. 'Chrome on Linux', 'Safari on iPhone'"},
    )
    address = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the client address it was last active from"},
    )
    started_at = fields.DateTime(required=True)
    last_active_at = fields.DateTime(
        required=True, metadata={"description": "its sign-in or latest refresh"}
    )
    current = fields.Boolean(required=True, metadata={"description": "the session asking"})


class SessionListResponse(Schema):
    sessions = fields.List(fields.Nested(SignedInSessionSchema), required=True)


class EndedSessionsResponse(OkResponse):
    ended = fields.Integer(
        required=True, validate=validate.Range(min=0), metadata={"description": "how many ended"}
    )
