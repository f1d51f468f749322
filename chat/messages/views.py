"""Messages as a member sees them: their reactions (`mine` with a viewer), and the quote of the
message a reply answers, read from that message's current state (an edit shows, a deletion
empties it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..storage import Store
from ..storage.attachment_records import Attachment
from ..storage.models import TEXT, Message

EXCERPT_LENGTH = 100


def message_views(
    store: Store,
    messages: Sequence[Message],
    viewer_id: str | None = None,
    attachments: Mapping[str, list[Attachment]] | None = None,
) -> list[dict[str, object]]:
    """attachments: message id → its files when the caller knows them (else they are read)."""
    targets = _reply_targets(store, messages)
    files = _attachments(store, messages) if attachments is None else attachments
    views = []
    for m in messages:
        view = m.public(viewer_id)
        if m.reply_to is not None:
            view["reply_to"] = _quote(m, targets.get((m.conversation_id, m.reply_to)))
        elif m.kind == "text":
            view["reply_to"] = None
        if m.kind == TEXT:
            shown = [] if m.deleted else files.get(m.id, [])
            view["attachments"] = [a.public() for a in shown]
        views.append(view)
    return views


def message_view(
    store: Store,
    message: Message,
    viewer_id: str | None = None,
    attachments: Mapping[str, list[Attachment]] | None = None,
) -> dict:
    return message_views(store, [message], viewer_id, attachments)[0]


def _attachments(store: Store, messages: Sequence[Message]) -> Mapping[str, list[Attachment]]:
    ids = [m.id for m in messages if m.kind == TEXT and not m.deleted]
    return store.attachments.for_messages(ids) if ids else {}


def _reply_targets(store: Store, messages: Sequence[Message]) -> dict[tuple[str, int], Message]:
    wanted: dict[str, set[int]] = {}
    for m in messages:
        if m.reply_to is not None:
            wanted.setdefault(m.conversation_id, set()).add(m.reply_to)
    found: dict[tuple[str, int], Message] = {}
    for conversation_id, seqs in wanted.items():
        for seq, target in store.messages.by_seqs(conversation_id, sorted(seqs)).items():
            found[(conversation_id, seq)] = target
    return found


def _quote(reply: Message, target: Message | None) -> dict[str, object]:
    if target is None:  # purged by an administrator
        return {"id": None, "seq": reply.reply_to, "sender_id": None, "excerpt": None}
    excerpt = None if target.deleted or target.text is None else target.text[:EXCERPT_LENGTH]
    return {"id": target.id, "seq": target.seq, "sender_id": target.sender_id, "excerpt": excerpt}
