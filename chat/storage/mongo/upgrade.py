"""Upgrades of documents and indexes made before groups (schema 1), run at start-up.

Idempotent and safe to run from several processes at once: every update is conditional on the
document still being of the old schema.
"""

from __future__ import annotations

import logging
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database
from pymongo.errors import OperationFailure

from .conversations import SCHEMA
from .direct_gate import DirectGate
from .documents import cursor_from_doc

log = logging.getLogger(__name__)
BATCH = 500
INDEX_CONFLICTS = (85, 86)  # IndexOptionsConflict, IndexKeySpecsConflict


def sparse_direct_key_index(db: Database) -> None:
    """Groups have no direct_key: the unique index on it must skip documents without one.
    MongoDB refuses to change an index's options in place (IndexOptionsConflict): the old
    index goes, once. (The test server neither reports `sparse` nor refuses.)"""
    try:
        db.conversations.create_index("direct_key", unique=True, sparse=True)
    except OperationFailure as err:
        if err.code not in INDEX_CONFLICTS:
            raise
        db.conversations.drop_index("direct_key_1")
        db.conversations.create_index("direct_key", unique=True, sparse=True)


def upgrade_documents(db: Database, gate: DirectGate) -> int:
    """Bring schema-1 conversations to the current schema; how many were upgraded."""
    upgraded = 0
    while True:
        docs = list(db.conversations.find({"schema": {"$ne": SCHEMA}}).limit(BATCH))
        if not docs:
            break
        db.conversations.bulk_write([_upgrade(d, gate) for d in docs], ordered=False)
        upgraded += len(docs)
    if upgraded:
        log.info("upgraded %d conversation documents to schema %d", upgraded, SCHEMA)
    return upgraded


def _upgrade(doc: dict[str, Any], gate: DirectGate) -> UpdateOne:
    """Schema 1 was direct conversations only, unread = last seq minus the read cursor."""
    last_seq = doc.get("last_seq", 0)
    cursors = {}
    for uid, c in (doc.get("cursors") or {}).items():
        cursor = cursor_from_doc(c, last_seq)
        cursors[uid] = {
            "read": cursor.read,
            "delivered": cursor.delivered,
            "unread": cursor.unread,
            "shown_read": cursor.shown_read,
        }
    members = [str(m) for m in doc["member_ids"]]
    fields = {
        "kind": doc.get("kind", "direct"),
        "former_ids": doc.get("former_ids", []),
        "cursors": cursors,
        "closed": len(members) == 2 and gate.closed(members[0], members[1]),
        "schema": SCHEMA,
    }
    return UpdateOne({"_id": doc["_id"], "schema": {"$ne": SCHEMA}}, {"$set": fields})
