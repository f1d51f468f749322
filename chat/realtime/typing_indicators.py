"""typing over the socket: the client sends at most one every 3 s while its user types."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from ..conversations.typing_indicators import typing
from ..storage import get_store
from .events import TYPING, handler


class TypingSchema(Schema):
    conversation_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


@handler(TYPING, TypingSchema)
def on_typing(user_id: str, data: dict[str, Any], _sid: str) -> dict[str, Any]:
    return typing(get_store(), user_id, data["conversation_id"])
