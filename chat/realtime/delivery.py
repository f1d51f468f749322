"""sync, delivered and read over the socket."""

from __future__ import annotations

from typing import Any

from ..messages import delivery
from ..messages.schemas import ReceiptSchema, SyncSchema
from ..storage import get_store
from ..users.settings import user_settings
from .events import DELIVERED, READ, SYNC, handler


@handler(SYNC, SyncSchema)
def on_sync(user_id: str, data: dict[str, Any], _sid: str) -> dict[str, Any]:
    return delivery.sync(get_store(), user_id, data["cursors"], data["limit"], data["changes"])


@handler(DELIVERED, ReceiptSchema)
def on_delivered(user_id: str, data: dict[str, Any], _sid: str) -> dict[str, Any]:
    return delivery.mark_delivered(get_store(), user_id, data["conversation_id"], data["seq"])


@handler(READ, ReceiptSchema)
def on_read(user_id: str, data: dict[str, Any], sid: str) -> dict[str, Any]:
    store = get_store()
    share = user_settings(store, user_id)["share_read_receipts"]
    return delivery.mark_read(store, user_id, data["conversation_id"], data["seq"], share, sid)
