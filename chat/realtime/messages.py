"""send_message over the socket: the same service as HTTP, acked only after the write."""

from __future__ import annotations

from typing import Any

from ..messages.schemas import SendMessageSchema
from ..messages.service import send_message
from ..storage import get_store
from .events import SEND_MESSAGE, handler


@handler(SEND_MESSAGE, SendMessageSchema)
def on_send_message(user_id: str, data: dict[str, Any], sid: str) -> dict[str, Any]:
    return {"message": send_message(get_store(), user_id, data, origin_sid=sid)}
