"""SQLite access: reads on a reader connection, writes group-committed on a writer connection.

Every write job waits until its transaction is durable (synchronous=FULL). Jobs that arrive
while a commit is in progress share the next transaction, each in its own savepoint, so one
fsync covers many messages and a failing job never undoes the others. The commit runs in an OS
thread under eventlet: sqlite3 blocks whatever thread calls it, and the event loop must keep
serving sockets while the disk syncs.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from ...blocking import run_blocking
from .migrate import add_missing_columns

T = TypeVar("T")
Job = Callable[[sqlite3.Connection], Any]

PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",  # an acknowledged message survives a power cut, not just a crash
    "foreign_keys=ON",
    "busy_timeout=2000",
    "secure_delete=ON",  # an edited or deleted text leaves no bytes behind in the file
)


def to_millis(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def from_millis(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    return conn


class _Pending:
    __slots__ = ("job", "result", "error", "done")

    def __init__(self, job: Job) -> None:
        self.job = job
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False


class Database:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._writer = _connect(path)
        self._apply_schema()
        self._reader = _connect(path)
        self._read_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self._queue: list[_Pending] = []
        self.batches = 0  # transactions committed; with `jobs`, shows how well writes group
        self.jobs = 0

    def _apply_schema(self) -> None:
        """Idempotent: upgrade older tables, then create what is missing."""
        schema = resources.files("chat.storage.sqlite").joinpath("schema.sql").read_text()
        self._writer.execute("BEGIN IMMEDIATE")
        try:
            add_missing_columns(self._writer)
            self._writer.execute("COMMIT")
        except BaseException:
            self._writer.execute("ROLLBACK")
            raise
        self._writer.executescript(schema)

    def apply_schema(self) -> None:
        with self._commit_lock:
            self._apply_schema()

    def write(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run job(conn) in a write transaction; return once it is committed to disk."""
        pending = _Pending(job)
        with self._queue_lock:
            self._queue.append(pending)
        with self._commit_lock:  # whoever gets it commits everything queued so far
            if not pending.done:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                try:
                    run_blocking(self._commit, batch)
                finally:
                    for p in batch:
                        p.done = True
        if pending.error is not None:
            raise pending.error
        return pending.result

    def _commit(self, batch: list[_Pending]) -> None:
        """One transaction for the batch, a savepoint per job. Runs off the event loop."""
        conn = self._writer
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            for p in batch:
                p.error = err
            return
        for p in batch:
            conn.execute("SAVEPOINT job")
            try:
                p.result = p.job(conn)
                conn.execute("RELEASE job")
            except Exception as err:  # this job only: the others in the batch go on
                conn.execute("ROLLBACK TO job")
                conn.execute("RELEASE job")
                p.error = err
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as err:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            for p in batch:
                p.error, p.result = p.error or err, None
        self.batches += 1
        self.jobs += len(batch)

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and empty it (after erasing text)."""
        with self._commit_lock:
            run_blocking(self._writer.execute, "PRAGMA wal_checkpoint(TRUNCATE)")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._read_lock:
            return self._reader.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._commit_lock, self._read_lock:
            self._reader.close()
            self._writer.close()
