"""Attachments in an export: a record each, then one record per part holding its chunks as
stored (still encrypted, like message text: the importing side needs the same keys). The id and
the sealed name stay as they are (their encryption is bound to the id); the message is named by
its conversation and seq, which an import keeps (message ids change). Profile pictures go too
(`avatar: true`): users' avatar_url names them by id."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..storage import Store
from ..storage.attachment_records import Attachment, avatar_binding, avatar_home, plain_fields
from ..storage.models import iso

Record = dict


def export_records(store: Store, batch: int) -> Iterator[Record]:
    """Every attachment whose message (if sent) is still there, with its parts."""
    after = None
    while page := store.attachments.scan(after, batch):
        after = page[-1].id
        bound = [a.message_id for a in page if a.message_id]
        messages = store.messages.get_many(bound) if bound else {}
        for a in page:
            message = messages.get(a.message_id) if a.message_id else None
            picture = a.message_id == avatar_binding(a.id)
            if a.message_id and not picture and (message is None or message.deleted):
                continue  # its message is gone: so is the file, once cleaned up
            yield {**_record(a, message.seq if message else None), "avatar": picture}
            for part in a.parts:
                frames = store.attachments.sealed_frames(a, part)
                encoded = [base64.b64encode(f).decode() for f in frames]
                yield {"type": "attachment_part", "id": a.id, "part": part, "frames": encoded}


def _record(a: Attachment, message_seq: int | None) -> Record:
    return {
        "type": "attachment",
        "id": a.id,
        **plain_fields(a),
        "message_seq": message_seq,
        "name": base64.b64encode(a.sealed_name).decode(),
        "created_at": iso(a.created_at),
    }


@dataclass
class AttachmentLoader:
    """Collects one attachment's record and parts, then stores it with the ids mapped."""

    store: Store
    current: tuple[Attachment, int | None] | None = None
    parts: dict[str, list[bytes]] = field(default_factory=dict)
    count: int = 0

    def add(self, record: Record, users: dict[str, str], conversations: dict[str, str]) -> None:
        if record["type"] == "attachment_part":
            if self.current is None or record["id"] != self.current[0].id:
                raise ValueError("an attachment part without its attachment record before it")
            frames = [base64.b64decode(f, validate=True) for f in record["frames"]]
            self.parts[str(record["part"])] = frames
            return
        self.finish()
        uploader = _mapped(users, record["uploader_id"])
        picture = bool(record.get("avatar"))
        attachment = Attachment(
            id=str(record["id"]),
            conversation_id=avatar_home(uploader)
            if picture
            else _mapped(conversations, record["conversation_id"]),
            uploader_id=uploader,
            name="",
            size=int(record["size"]),
            content_type=str(record["content_type"]),
            created_at=datetime.fromisoformat(record["created_at"]),
            key_id=str(record["key_id"]),
            width=record["width"],
            height=record["height"],
            has_thumbnail=bool(record["has_thumbnail"]),
            client_id=record["client_id"],
            message_id=avatar_binding(str(record["id"])) if picture else None,
            sealed_name=base64.b64decode(record["name"], validate=True),
        )
        self.current = (attachment, record["message_seq"])

    def finish(self) -> None:
        if self.current is None:
            return
        attachment, seq = self.current
        if set(self.parts) != set(attachment.parts):
            raise ValueError(f"attachment {attachment.id} lacks some of its parts")
        if seq is not None:
            found = self.store.messages.by_seqs(attachment.conversation_id, [int(seq)])
            if int(seq) not in found:
                raise ValueError(f"attachment {attachment.id}: no message {seq} to attach it to")
            attachment = replace(attachment, message_id=found[int(seq)].id)
        self.store.attachments.insert_sealed(attachment, self.parts)
        self.current, self.parts = None, {}
        self.count += 1


def _mapped(ids: dict[str, str], old: str) -> str:
    if old not in ids:
        raise ValueError(f"refers to id {old!r}, which is not earlier in the file")
    return ids[old]
