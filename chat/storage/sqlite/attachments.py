"""Attachment records on SQLite; their sealed bytes are files (files.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime

from ...crypto import KeyRing
from ..attachment_records import Attachment
from ..attachment_sealing import open_name
from ..attachment_store import SealedAttachmentStore
from .database import Database, from_millis, to_millis
from .files import FileBlobs

COLUMNS = (
    "id, conversation_id, uploader_id, name, size, content_type, width, height, has_thumbnail,"
    " key_id, client_id, message_id, created_at"
)
_MAX_VARIABLES = 500  # ids per IN (...): well below SQLite's limit


class SqliteAttachments(SealedAttachmentStore):
    def __init__(self, db: Database, ring: KeyRing, blobs: FileBlobs) -> None:
        super().__init__(ring, blobs)
        self._db = db

    def _attachment(self, row: sqlite3.Row) -> Attachment:
        return Attachment(
            id=row["id"],
            conversation_id=row["conversation_id"],
            uploader_id=row["uploader_id"],
            name=open_name(self._ring, row["key_id"], row["id"], row["name"]),
            size=row["size"],
            content_type=row["content_type"],
            width=row["width"],
            height=row["height"],
            has_thumbnail=bool(row["has_thumbnail"]),
            key_id=row["key_id"],
            client_id=row["client_id"],
            message_id=row["message_id"],
            created_at=from_millis(row["created_at"]),
            sealed_name=bytes(row["name"]),
        )

    def _select(self, where: str, params: Iterable[object]) -> list[Attachment]:
        rows = self._db.query(f"SELECT {COLUMNS} FROM attachments WHERE {where}", list(params))
        return [self._attachment(r) for r in rows]

    def _insert(self, a: Attachment) -> None:
        row = (
            a.id,
            a.conversation_id,
            a.uploader_id,
            a.sealed_name,
            a.size,
            a.content_type,
            a.width,
            a.height,
            int(a.has_thumbnail),
            a.key_id,
            a.client_id,
            a.message_id,
            to_millis(a.created_at),
        )
        self._db.write(
            lambda conn: conn.execute(
                f"INSERT INTO attachments ({COLUMNS}) VALUES ({_marks(list(row))})", row
            )
        )

    def get_many(self, attachment_ids: list[str]) -> dict[str, Attachment]:
        found: dict[str, Attachment] = {}
        for batch in _batches(attachment_ids):
            for a in self._select(f"id IN ({_marks(batch)})", batch):
                found[a.id] = a
        return found

    def for_messages(self, message_ids: list[str]) -> dict[str, list[Attachment]]:
        by_message: dict[str, list[Attachment]] = {}
        for batch in _batches(message_ids):
            where = f"message_id IN ({_marks(batch)}) ORDER BY created_at, id"
            for a in self._select(where, batch):
                by_message.setdefault(str(a.message_id), []).append(a)
        return by_message

    def claim(
        self, attachment_ids: list[str], uploader_id: str, conversation_id: str, client_id: str
    ) -> bool:
        ids = sorted(set(attachment_ids))

        def job(conn: sqlite3.Connection) -> bool:
            claimed = conn.execute(
                f"UPDATE attachments SET client_id = ? WHERE id IN ({_marks(ids)})"
                " AND uploader_id = ? AND conversation_id = ?"
                " AND ((client_id IS NULL AND message_id IS NULL) OR client_id = ?)",
                (client_id, *ids, uploader_id, conversation_id, client_id),
            ).rowcount
            if claimed != len(ids):
                raise _Refused  # rolls this job back: none claimed
            return True

        try:
            return self._db.write(job)
        except _Refused:
            return False

    def release(self, uploader_id: str, client_id: str) -> None:
        self._db.write(
            lambda conn: conn.execute(
                "UPDATE attachments SET client_id = NULL WHERE uploader_id = ? AND client_id = ?"
                " AND message_id IS NULL",
                (uploader_id, client_id),
            )
        )

    def bind(self, uploader_id: str, client_id: str, message_id: str) -> None:
        self._db.write(
            lambda conn: conn.execute(
                "UPDATE attachments SET message_id = ? WHERE uploader_id = ? AND client_id = ?"
                " AND message_id IS NULL",
                (message_id, uploader_id, client_id),
            )
        )

    def delete_for_messages(self, message_ids: list[str]) -> int:
        found = self.for_messages(message_ids)
        return self._delete([a for attachments in found.values() for a in attachments])

    def delete_for_conversation(self, conversation_id: str) -> int:
        return self._delete(self._select("conversation_id = ?", [conversation_id]))

    def delete_for_uploader(self, uploader_id: str) -> int:
        return self._delete(self._select("uploader_id = ?", [uploader_id]))

    def delete_unsent(self, created_before: datetime) -> int:
        where = "message_id IS NULL AND created_at < ?"
        return self._delete(self._select(where, [to_millis(created_before)]))

    def _delete(self, attachments: list[Attachment]) -> int:
        """The records first, then the bytes."""
        for batch in _batches([a.id for a in attachments]):
            self._db.write(
                lambda conn, b=batch: conn.execute(
                    f"DELETE FROM attachments WHERE id IN ({_marks(b)})", b
                )
            )
        return self._delete_parts(attachments)

    def used_bytes(self, uploader_id: str) -> int:
        rows = self._db.query(
            "SELECT COALESCE(SUM(size), 0) AS used FROM attachments WHERE uploader_id = ?",
            (uploader_id,),
        )
        return int(rows[0]["used"])

    def scan(self, after_id: str | None, limit: int) -> list[Attachment]:
        return self._select("id > ? ORDER BY id LIMIT ?", [after_id or "", limit])

    def _rekey(self, a: Attachment, key_id: str, sealed_name: bytes) -> None:
        self._db.write(
            lambda conn: conn.execute(
                "UPDATE attachments SET key_id = ?, name = ? WHERE id = ? AND key_id = ?",
                (key_id, sealed_name, a.id, a.key_id),
            )
        )


class _Refused(Exception):
    pass


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


def _batches(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _MAX_VARIABLES):
        yield values[start : start + _MAX_VARIABLES]
