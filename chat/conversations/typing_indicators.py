"""Typing indicators: never stored; to the other current members, never across a block, and
not at all from someone who switched "share my typing" off (they still see others')."""

from __future__ import annotations

from ..publishing import TYPING, publish
from ..storage import Store
from ..users.settings import user_settings
from .access import conversation_for_member


def typing(store: Store, user_id: str, conversation_id: str) -> dict[str, object]:
    conversation = conversation_for_member(store, conversation_id, user_id)
    if not user_settings(store, user_id)["share_typing"]:
        return {"sent": False}
    hidden = store.blocks.related(user_id)
    others = [m for m in conversation.member_ids if m != user_id and m not in hidden]
    publish(TYPING, {"conversation_id": conversation_id, "user_id": user_id}, others)
    return {"sent": True}
