"""One SQLite connection per process, serialised by a lock.

sqlite3 calls block the whole eventlet hub, so transactions stay short, WAL lets readers in
other processes proceed, and a small busy_timeout bounds any wait for another process's lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path


def to_millis(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def from_millis(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


class Database:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",  # an acknowledged message survives a power cut, not just a crash
            "foreign_keys=ON",
            "busy_timeout=2000",
        ):
            self._conn.execute(f"PRAGMA {pragma}")
        schema = resources.files("chat.storage.sqlite").joinpath("schema.sql").read_text()
        self._conn.executescript(schema)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
