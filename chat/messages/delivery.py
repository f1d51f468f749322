"""After sending: catching up (sync), and the delivered/read cursors with their receipts."""

from __future__ import annotations

from typing import Any

from ..conversations.access import reader_range, require_member
from ..errors import ApiError
from ..publishing import DELIVERED, READ, publish
from ..storage import Store
from ..storage.models import Conversation, CursorMove, Message
from .views import message_views


def sync(
    store: Store,
    user_id: str,
    cursors: dict[str, int],
    limit: int,
    changes: dict[str, int] | None = None,
) -> dict[str, Any]:
    """What the user missed, at most `limit` messages in all (call again while `more`):

    - `messages`: new ones after each seq cursor (a former member's stop where they left), by
      conversation then seq, each in its current state;
    - `changed`: messages the client already holds (seq at or below its cursor) that were
      edited, deleted or reacted to after its change cursor, in change order; with
      `change_cursors`, where each conversation's change cursor now stands. Costs what changed,
      not the history.
    """
    changes = changes or {}
    found = store.conversations.get_many(list({*cursors, *changes}))
    ranges = {c: reader_range(found.get(c), user_id) for c in {*cursors, *changes}}
    messages: list[Message] = []
    more = False
    for conversation_id in sorted(cursors):
        visible_after, until = ranges[conversation_id]
        after = max(cursors[conversation_id], visible_after)
        if until <= after:
            continue
        room = limit - len(messages)
        if room == 0:
            more = True
            break
        batch = store.messages.after(conversation_id, after, room + 1, until)
        messages.extend(batch[:room])
        if len(batch) > room:
            more = True
            break
    changed: list[Message] = []
    change_cursors: dict[str, int] = {}
    if not more:
        room = limit - len(messages)
        changed, change_cursors, complete = _changes(store, found, ranges, cursors, changes, room)
        more = not complete
    return {
        "messages": message_views(store, messages, user_id),
        "changed": message_views(store, changed, user_id),
        "change_cursors": change_cursors,
        "more": more,
    }


def _changes(
    store: Store,
    found: dict[str, Conversation],
    ranges: dict[str, tuple[int, int]],
    cursors: dict[str, int],
    changes: dict[str, int],
    room: int,
) -> tuple[list[Message], dict[str, int], bool]:
    """Changed messages the client holds, the change cursors after them, and whether all fit.

    Each query starts up to the store's `change_recheck` below the client's cursor: on MongoDB
    a change number is taken before its message is written, so one taken earlier may land
    after a later one was seen. A message sent again is harmless (it is its current state)."""
    changed: list[Message] = []
    cursors_after: dict[str, int] = {}
    for conversation_id in sorted(changes):
        cursor, last_change = changes[conversation_id], found[conversation_id].last_change
        if last_change <= cursor:
            continue
        if room == 0:
            return changed, cursors_after, False
        visible_after, until = ranges[conversation_id]
        held = min(cursors.get(conversation_id, until), until)
        overlap = min(store.messages.change_recheck, room // 2)  # room is left for progress
        since = max(0, cursor - overlap)
        batch = store.messages.changed_after(conversation_id, since, held, room + 1)
        taken = batch[:room]
        changed.extend(m for m in taken if m.seq > visible_after)
        room -= len(taken)
        if len(batch) > len(taken):  # more than fits: continue after the last one sent
            cursors_after[conversation_id] = max(cursor, taken[-1].change_seq)
            return changed, cursors_after, False
        cursors_after[conversation_id] = last_change
    return changed, cursors_after, True


def mark_delivered(store: Store, user_id: str, conversation_id: str, seq: int) -> dict[str, Any]:
    """The user has received everything up to seq; tell whom it concerns."""
    move = _receipt(store, user_id, conversation_id, seq, delivered=seq)
    _tell_senders(store, DELIVERED, conversation_id, move, user_id)
    return {"seq": move.after.delivered}


def mark_read(
    store: Store,
    user_id: str,
    conversation_id: str,
    seq: int,
    share: bool = True,
    reader_sid: str | None = None,
) -> dict[str, Any]:
    """The user has seen everything up to seq: badges to their other tabs (the reading one,
    reader_sid, has them in the answer); to the senders a read receipt, or only a delivery
    one when the user does not share read receipts."""
    move = _receipt(store, user_id, conversation_id, seq, read=seq, share_read=share)
    before, after = move.before, move.after
    if after.read > before.read or after.unread != before.unread:
        own = {"conversation_id": conversation_id, "user_id": user_id, "seq": after.read}
        counts = {"unread": after.unread, "unread_mentions": after.unread_mentions}
        publish(READ, {**own, **counts}, [user_id], skip_sid=reader_sid)
    if after.shown_read > before.shown_read:
        _tell_senders(store, READ, conversation_id, move, user_id)
    else:
        _tell_senders(store, DELIVERED, conversation_id, move, user_id)
    return {"seq": after.read, "unread": after.unread, "unread_mentions": after.unread_mentions}


# Past this many messages, telling every member is cheaper than finding the senders.
SENDERS_RANGE = 200


def _tell_senders(
    store: Store, event: str, conversation_id: str, move: CursorMove, user_id: str
) -> None:
    """When a member's receipt moved how far every member got (`all_seq`, the "delivered to
    all" / "read by all" mark of ticks), the senders of the messages it now covers learn it:
    nobody else has a tick that changed. (The member who was furthest behind moved from where
    the mark stood; who read what is fetched on demand, never pushed per member.)"""
    before, after = move.before, move.after
    if event == READ:
        moved_from, seq, reached = before.shown_read, after.shown_read, move.read_by_all
    else:
        moved_from, seq, reached = before.delivered, after.delivered, move.delivered_by_all
    if reached <= moved_from:  # others were further behind: the mark stayed
        return
    others = [m for m in move.member_ids if m != user_id]
    if len(others) > 1 and reached - moved_from <= SENDERS_RANGE:
        senders = store.messages.senders(conversation_id, moved_from, reached)
        others = [m for m in others if m in senders]
    if not others:
        return
    payload = {
        "conversation_id": conversation_id,
        "user_id": user_id,
        "seq": seq,
        "all_seq": reached,
    }
    publish(event, payload, others, coalesce=f"{event}:{conversation_id}")


def _receipt(
    store: Store, user_id: str, conversation_id: str, seq: int, **moves: Any
) -> CursorMove:
    """One storage call in the usual case; only a refusal reads the conversation, to say why."""
    move = store.conversations.receipt(conversation_id, user_id, **moves)
    if move is not None:
        return move
    conversation = require_member(store.conversations.get(conversation_id), user_id)
    if seq > conversation.last_seq:
        raise ApiError(
            400, "seq_ahead", "No such message yet", {"seq": [f"Above {conversation.last_seq}"]}
        )
    raise ApiError(403, "not_a_member", "You are not part of this conversation")  # just removed
