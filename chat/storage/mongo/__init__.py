"""MongoDB store through pymongo; the client is created here, never at import (not fork-safe)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING, MongoClient
from pymongo.errors import ConnectionFailure, OperationFailure
from pymongo.uri_parser import parse_uri

from ...crypto import KeyRing
from .attachments import MongoAttachments
from .blocks import MongoBlocks
from .conversations import MongoConversations
from .direct_gate import DirectGate
from .gridfs_blobs import GridBlobs
from .locks import ConversationLocks
from .messages import MongoMessages
from .revocations import MongoRevocations
from .search_index import MongoSearchIndex, create_search_index
from .sessions import MongoSessions
from .upgrade import sparse_direct_key_index, upgrade_documents
from .users import MongoUsers

DEFAULT_DB = "chat"


class MongoStore:
    def __init__(self, uri: str, ring: KeyRing) -> None:
        self._client: MongoClient = MongoClient(
            uri, tz_aware=True, serverSelectionTimeoutMS=5000, connectTimeoutMS=5000
        )
        self._db = self._client[parse_uri(uri).get("database") or DEFAULT_DB]
        locks = ConversationLocks()
        gate = DirectGate(self._db)
        self.users = MongoUsers(self._db.users, gate)
        self.conversations = MongoConversations(
            self._db.conversations, ring, locks, self._db.messages, gate
        )
        self.messages = MongoMessages(
            self._db.messages, self._db.conversations, self._db.blocks, ring, locks
        )
        self.revocations = MongoRevocations(self._db.revoked_tokens)
        self.blocks = MongoBlocks(self._db.blocks, gate)
        self.sessions = MongoSessions(self._db.sessions)
        self._blobs = GridBlobs(self._db)
        self.attachments = MongoAttachments(self._db.attachments, ring, self._blobs)
        self.search = MongoSearchIndex(self._db.messages, self._db.conversations, ring)
        self._gate = gate

    def create_indexes(self) -> None:
        """Idempotent; run at startup."""
        self._db.users.create_index("username_folded", unique=True)
        self._db.users.create_index("search_words")
        sparse_direct_key_index(self._db)
        self._db.conversations.create_index([("member_ids", ASCENDING), ("updated_at", DESCENDING)])
        self._db.conversations.create_index([("former_ids", ASCENDING), ("updated_at", DESCENDING)])
        self._db.messages.create_index(
            [("conversation_id", ASCENDING), ("seq", ASCENDING)], unique=True
        )
        self._db.messages.create_index(
            [("sender_id", ASCENDING), ("client_id", ASCENDING)], unique=True
        )
        # What changed in a conversation since a client's change cursor (sync).
        self._db.messages.create_index([("conversation_id", ASCENDING), ("change_seq", ASCENDING)])
        self._db.revoked_tokens.create_index("expires_at")
        # Polled each second by every process: sessions ended since, users deactivated or
        # whose password changed since. Admin: idle conversations to purge, today's messages.
        self._db.revoked_tokens.create_index("revoked_at")
        self._db.users.create_index("deactivated_at")
        self._db.users.create_index("sessions_reset_at")
        self._db.users.create_index("settings_changed_at")
        self._db.conversations.create_index([("updated_at", ASCENDING), ("_id", ASCENDING)])
        self._db.messages.create_index("created_at")
        self._db.blocks.create_index("blocker_id")
        self._db.blocks.create_index("blocked_id")
        # "This user's sessions", most recently active first; purging those past their end.
        self._db.sessions.create_index([("user_id", ASCENDING), ("last_active_at", DESCENDING)])
        self._db.sessions.create_index("expires_at")
        self.attachments.create_indexes()
        self._blobs.create_indexes()
        create_search_index(self._db)
        upgrade_documents(self._db, self._gate)

    def storage_size(self) -> int | None:
        try:
            stats = self._db.command("dbStats")
            return int(stats["dataSize"]) + int(stats["indexSize"])
        except (OperationFailure, KeyError, TypeError, ValueError):
            return None

    def ping(self) -> None:
        self._client.admin.command("ping")

    def is_outage(self, err: BaseException) -> bool:
        return isinstance(err, ConnectionFailure)  # also timeouts and server selection

    def close(self) -> None:
        self._client.close()

    def drop_all(self) -> None:
        for name in ("messages", "conversations", "users", "revoked_tokens", "blocks", "sessions"):
            self._db[name].delete_many({})
        self._db.attachments.delete_many({})
        self._blobs.delete_all()
