"""edit_message, delete_message and react over the socket (acked after the write)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..messages import actions
from ..messages.schemas import DeleteSchema, EditSchema, ReactSchema
from ..storage import get_store
from .events import DELETE_MESSAGE, EDIT_MESSAGE, REACT, handler


@handler(EDIT_MESSAGE, EditSchema)
def on_edit(user_id: str, data: dict[str, Any], sid: str) -> dict[str, Any]:
    window = current_app.config["EDIT_WINDOW_MINUTES"]
    message = actions.edit_message(
        get_store(), user_id, data["message_id"], data["text"], window, origin_sid=sid
    )
    return {"message": message}


@handler(DELETE_MESSAGE, DeleteSchema)
def on_delete(user_id: str, data: dict[str, Any], sid: str) -> dict[str, Any]:
    message = actions.delete_message(get_store(), user_id, data["message_id"], origin_sid=sid)
    return {"message": message}


@handler(REACT, ReactSchema)
def on_react(user_id: str, data: dict[str, Any], sid: str) -> dict[str, Any]:
    message = actions.react(
        get_store(), user_id, data["message_id"], data["emoji"], data["on"], origin_sid=sid
    )
    return {"message": message}
