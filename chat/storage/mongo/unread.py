"""Cursors and unread counts on a conversation document.

Each member's `unread` is a counter: a text message from someone else adds one (in the send's
last update), reading up to the newest message sets it to 0 in the same update that moves the
cursor. Only reading up to an older message counts the messages after it. Within a process the
conversation lock keeps counts and counters in step; across processes a count can race a
send's increment and be one off until the member next reads.
"""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.collection import Collection

from ..models import SYSTEM

RECOUNT_ATTEMPTS = 3


def newer_or_none(seq: int) -> dict[str, Any]:
    """The document's last message is older than seq (or there is none)."""
    return {"$or": [{"last_message": None}, {"last_message.seq": {"$lt": seq}}]}


def count_unread(messages: Collection, conversation: Any, user: Any, after_seq: int) -> int:
    """Text messages from others with a seq above after_seq."""
    return messages.count_documents(
        {
            "conversation_id": conversation,
            "seq": {"$gt": after_seq},
            "kind": {"$ne": SYSTEM},
            "sender_id": {"$ne": user},
        }
    )


def count_mentions(messages: Collection, conversation: Any, user: Any, after_seq: int) -> int:
    """Messages naming the user with a seq above after_seq (not deleted ones)."""
    return messages.count_documents(
        {
            "conversation_id": conversation,
            "seq": {"$gt": after_seq},
            "mentions": user,
            "deleted": {"$ne": True},
        }
    )


def advance_cursor(
    conversations: Collection,
    messages: Collection,
    conversation: ObjectId,
    user: ObjectId,
    read: int,
    delivered: int,
    share_read: bool,
) -> dict | None:
    """Move a current member's cursors forward; the document after, None for a non-member."""
    uid = str(user)
    maxes = {f"cursors.{uid}.delivered": max(read, delivered)}
    if read:
        maxes[f"cursors.{uid}.read"] = read
        if share_read:
            maxes[f"cursors.{uid}.shown_read"] = read
    member = {"_id": conversation, "member_ids": user}
    after = ReturnDocument.AFTER
    if read:  # up to the newest message, the usual case: nothing unread, in the same update
        doc = conversations.find_one_and_update(
            {**member, "last_seq": {"$lte": read}},
            {
                "$max": maxes,
                "$set": {f"cursors.{uid}.unread": 0, f"cursors.{uid}.unread_mentions": 0},
            },
            return_document=after,
        )
        if doc is not None:
            return doc
    doc = conversations.find_one_and_update(member, {"$max": maxes}, return_document=after)
    if doc is None or not read:
        return doc
    return recount(conversations, messages, doc, user)


def recount(conversations: Collection, messages: Collection, doc: dict, user: ObjectId) -> dict:
    """Set the member's unread to a fresh count, unless a message arrived meanwhile (then count
    again): the document after."""
    uid = str(user)
    for _ in range(RECOUNT_ATTEMPTS):
        read = doc["cursors"][uid]["read"]
        unread = count_unread(messages, doc["_id"], user, read)
        mentions = count_mentions(messages, doc["_id"], user, read)
        done = conversations.find_one_and_update(
            {"_id": doc["_id"], "last_seq": doc["last_seq"], f"cursors.{uid}.read": read},
            {"$set": {f"cursors.{uid}.unread": unread, f"cursors.{uid}.unread_mentions": mentions}},
            return_document=ReturnDocument.AFTER,
        )
        if done is not None:
            return done
        doc = conversations.find_one({"_id": doc["_id"]}) or doc
    return doc
