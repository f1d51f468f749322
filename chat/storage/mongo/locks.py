"""Per-conversation write serialisation inside one process.

MongoDB applies each update atomically to its document, so correctness never rests on this. The
MongoDB-protocol test server (FerretDB) does not: 400 concurrent `$inc` left the counter at 91.
Serialising this process's writes to one conversation document keeps it right there too, and
keeps the last-message update in seq order. Locks are striped so memory stays bounded.
"""

from __future__ import annotations

import threading

STRIPES = 64


class ConversationLocks:
    def __init__(self, stripes: int = STRIPES) -> None:
        self._locks = [threading.Lock() for _ in range(stripes)]

    def __call__(self, conversation_id: str) -> threading.Lock:
        return self._locks[hash(conversation_id) % len(self._locks)]
