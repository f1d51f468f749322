"""The embedded default store: SQLite from the standard library, WAL mode, on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ...crypto import KeyRing
from .attachments import SqliteAttachments
from .blocks import SqliteBlocks
from .conversations import SqliteConversations
from .database import Database
from .files import FileBlobs
from .messages import SqliteMessages
from .revocations import SqliteRevocations
from .search_index import SqliteSearchIndex
from .search_indexer import SearchIndexer
from .sessions import SqliteSessions
from .users import SqliteUsers


class SqliteStore:
    def __init__(self, path: Path, ring: KeyRing) -> None:
        self._db = Database(path)
        self.users = SqliteUsers(self._db)
        self.conversations = SqliteConversations(self._db, ring)
        self.messages = SqliteMessages(self._db, ring)
        self.revocations = SqliteRevocations(self._db)
        self.blocks = SqliteBlocks(self._db)
        self.sessions = SqliteSessions(self._db)
        self._files = FileBlobs(path.parent / "attachments")
        self.attachments = SqliteAttachments(self._db, ring, self._files)
        self.search = SqliteSearchIndex(self._db, ring, SearchIndexer(self._db, ring).catch_up)

    def ping(self) -> None:
        self._db.query("SELECT 1")

    def is_outage(self, err: BaseException) -> bool:
        """A file the process cannot open or write, or a lock held too long."""
        message = str(err).lower()
        return isinstance(err, sqlite3.OperationalError) and any(
            sign in message for sign in ("locked", "unable to open", "disk i/o", "readonly")
        )

    def create_indexes(self) -> None:
        self._db.apply_schema()

    def storage_size(self) -> int | None:
        files = [self._db.path.with_name(self._db.path.name + s) for s in ("", "-wal", "-shm")]
        return sum(f.stat().st_size for f in files if f.exists()) + self._files.size()

    def close(self) -> None:
        self._db.close()

    def drop_all(self) -> None:
        self._db.write(self._delete_everything)
        self._files.delete_all()

    @staticmethod
    def _delete_everything(conn) -> None:
        for table in (
            "attachments",
            "sessions",
            "blocks",
            "message_search_tokens",
            "messages",
            "conversation_members",
            "conversations",
            "user_search_words",
            "users",
            "revoked_tokens",
        ):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE search_progress SET indexed_through = 0")
