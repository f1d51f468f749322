"""The JSON Lines export format: one record per line, in this order.

    {"type": "header", "format": "chat-export", "version": 3, "exported_at": ...}
    {"type": "user", ...}*  {"type": "conversation", ...}*  {"type": "message", ...}*
    {"type": "revocation", ...}*
    {"type": "block", ...}*
    ({"type": "attachment", ...} {"type": "attachment_part", ...}+)*  (attachment_transfer.py)
    {"type": "end", "counts": {"users": n, "conversations": n, "messages": n, "revocations": n,
                               "blocks": n, "attachments": n}}

Ids are the exporting backend's; the importer maps them to new ones. Message text stays
encrypted (base64 ciphertext + key id; the key is bound to client_id, which does not change),
so the importing side needs the same MESSAGE_ENCRYPTION_KEY(S). Times are ISO 8601 UTC.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from ..storage.models import (
    DIRECT,
    GROUP,
    TEXT,
    Conversation,
    Credentials,
    Cursor,
    Member,
    SealedMessage,
    User,
    iso,
)

FORMAT = "chat-export"
VERSION = 3  # 2: groups (kind, title, members), unread counters, system messages; 3: attachments
READABLE = (1, 2, 3)  # version 1 files (direct conversations only) still import
KINDS = ("user", "conversation", "message", "revocation", "block", "attachment")

Record = dict[str, Any]


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def header(now: datetime) -> Record:
    return {"type": "header", "format": FORMAT, "version": VERSION, "exported_at": iso(now)}


def user_record(creds: Credentials) -> Record:
    u = creds.user
    return {
        "type": "user",
        "id": u.id,
        "username": u.username,
        "full_name": u.full_name,
        "gender": u.gender,
        "avatar_url": u.avatar_url,
        "password_hash": creds.password_hash,
        "active": u.active,
        "deactivated_at": iso(u.deactivated_at) if u.deactivated_at else None,
        "sessions_reset_at": iso(u.sessions_reset_at) if u.sessions_reset_at else None,
        "sessions_reset_by": u.sessions_reset_by,
        "last_seen_at": iso(u.last_seen_at) if u.last_seen_at else None,
        "created_at": iso(u.created_at),
    }


def user_from(r: Record) -> Credentials:
    user = User(
        id=r["id"],
        username=r["username"],
        full_name=r["full_name"],
        gender=r["gender"],
        avatar_url=r["avatar_url"],
        created_at=datetime.fromisoformat(r["created_at"]),
        active=bool(r["active"]),
        deactivated_at=_time(r["deactivated_at"]),
        sessions_reset_at=_time(r.get("sessions_reset_at")),  # absent in older exports
        sessions_reset_by=r.get("sessions_reset_by"),
        last_seen_at=_time(r.get("last_seen_at")),
    )
    return Credentials(user, r["password_hash"])


def conversation_record(c: Conversation) -> Record:
    record: Record = {
        "type": "conversation",
        "id": c.id,
        "kind": c.kind,
        "member_ids": list(c.member_ids),
        "cursors": {
            m: {
                "read": k.read,
                "delivered": k.delivered,
                "unread": k.unread,
                "shown_read": k.shown_read,
                "unread_mentions": k.unread_mentions,
            }
            for m, k in c.cursors.items()
        },
        "last_seq": c.last_seq,
        "last_change": c.last_change,
        "created_at": iso(c.created_at or c.updated_at),
        "updated_at": iso(c.updated_at),
    }
    if c.kind == GROUP:
        record["title"] = c.title
        record["members"] = {
            m: {
                "role": mm.role,
                "visible_after": mm.visible_after,
                "left_seq": mm.left_seq,
                "joined_at": iso(mm.joined_at) if mm.joined_at else None,
            }
            for m, mm in c.members.items()
        }
    return record


def conversation_from(r: Record) -> Conversation:
    """Older exports (before groups) hold direct conversations with read/delivered cursors."""
    last_seq = int(r["last_seq"])
    cursors = {}
    for m, k in r["cursors"].items():
        read = int(k["read"])
        unread = int(k.get("unread", max(0, last_seq - read)))
        cursors[m] = Cursor(
            read,
            int(k["delivered"]),
            unread,
            int(k.get("shown_read", read)),
            int(k.get("unread_mentions", 0)),
        )
    members = {
        m: Member(mm["role"], int(mm["visible_after"]), mm["left_seq"], _time(mm["joined_at"]))
        for m, mm in (r.get("members") or {}).items()
    }
    return Conversation(
        id=r["id"],
        member_ids=tuple(r["member_ids"]),
        last_message=None,
        updated_at=datetime.fromisoformat(r["updated_at"]),
        last_seq=last_seq,
        cursors=cursors,
        created_at=datetime.fromisoformat(r["created_at"]),
        kind=r.get("kind", DIRECT),
        title=r.get("title"),
        members=members,
        last_change=int(r.get("last_change", 0)),
    )


def message_record(m: SealedMessage) -> Record:
    return {
        "type": "message",
        "id": m.id,
        "conversation_id": m.conversation_id,
        "seq": m.seq,
        "sender_id": m.sender_id,
        "client_id": m.client_id,
        "ciphertext": base64.b64encode(m.ciphertext).decode(),
        "key_id": m.key_id,
        "created_at": iso(m.created_at),
        **(
            {"kind": m.kind, "event": m.event, "target_ids": list(m.target_ids)}
            if m.kind != TEXT
            else {}
        ),
        **({"edited_at": iso(m.edited_at)} if m.edited_at else {}),
        **({"deleted": True} if m.deleted else {}),
        **({"reactions": {e: list(us) for e, us in m.reactions.items()}} if m.reactions else {}),
        **({"reply_to": m.reply_to} if m.reply_to else {}),
        **({"mentions": list(m.mentions)} if m.mentions else {}),
        **({"change_seq": m.change_seq} if m.change_seq else {}),
    }


def message_from(r: Record) -> SealedMessage:
    return SealedMessage(
        id=r["id"],
        conversation_id=r["conversation_id"],
        seq=int(r["seq"]),
        sender_id=r["sender_id"],
        client_id=r["client_id"],
        ciphertext=base64.b64decode(r["ciphertext"], validate=True),
        key_id=r["key_id"],
        created_at=datetime.fromisoformat(r["created_at"]),
        kind=r.get("kind", TEXT),
        event=r.get("event"),
        target_ids=tuple(r.get("target_ids") or ()),
        edited_at=_time(r.get("edited_at")),
        deleted=bool(r.get("deleted", False)),
        reactions={e: tuple(us) for e, us in (r.get("reactions") or {}).items()},
        reply_to=r.get("reply_to"),
        mentions=tuple(r.get("mentions") or ()),
        change_seq=int(r.get("change_seq", 0)),
    )


def revocation_record(jti: str, expires_at: datetime) -> Record:
    return {"type": "revocation", "jti": jti, "expires_at": iso(expires_at)}


def revocation_from(r: Record) -> tuple[str, datetime]:
    return str(r["jti"]), datetime.fromisoformat(r["expires_at"])


def block_record(blocker_id: str, blocked_id: str) -> Record:
    return {"type": "block", "blocker_id": blocker_id, "blocked_id": blocked_id}


def block_from(r: Record) -> tuple[str, str]:
    return str(r["blocker_id"]), str(r["blocked_id"])
