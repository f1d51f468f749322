"""SQLite access: reads on a reader connection, writes group-committed on a writer connection.

Every write job waits until its transaction is durable (synchronous=FULL). Jobs that arrive
while a commit is in progress share the next transaction, each in its own savepoint, so one
fsync covers many messages and a failing job never undoes the others. The commit runs in an OS
thread under eventlet: sqlite3 blocks whatever thread calls it, and the event loop must keep
serving sockets while the disk syncs.

One committer (a green thread under eventlet) takes what is queued, commits it, wakes all of its
writers at once, and goes on with what queued meanwhile. (Writers that took turns at one lock to
learn that their job was done woke one per turn of the event loop: under load, the twelfth
writer of a batch waited ~50 ms after its commit, and the disk sat idle 80 % of the time.)

What runs where: the statements of brief jobs (a send, a cursor move, a receipt) run on the
committer itself, the event loop under eventlet; only what waits leaves it for an OS thread:
COMMIT (the WAL write and fsync), another process's write lock, and jobs that may take long. A
thread running Python shares the GIL with the loop: the two handed it back and forth at every
statement and every socket write, which cost more than the statements (1,000 sockets, 50-member
groups, same run: nothing refused at 500 group msgs/s and 0-29 at 600, instead of 39-85 and
283-825).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from ...blocking import run_blocking
from .migrate import add_missing_columns, rekey_members

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = Callable[[sqlite3.Connection], Any]
# Runs many writes of one kind in a few statements: (conn, items=[...]) in, a result (or an
# exception, which fails that item alone) for each item out.
BatchJob = Callable[[sqlite3.Connection, list[Any]], list[Any]]

PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",  # an acknowledged message survives a power cut, not just a crash
    "foreign_keys=ON",
    "secure_delete=ON",  # an edited or deleted text leaves no bytes behind in the file
)
# How long to wait for another process's write lock (or, checkpointing, for its readers). The
# writer waits only in a thread (_patiently): on the committer it does not wait at all.
BUSY_TIMEOUT_MS = 2000


def to_millis(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def from_millis(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _connect(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    for pragma in (*PRAGMAS, f"busy_timeout={busy_timeout_ms}"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


class _Pending:
    __slots__ = ("job", "brief", "batch_job", "item", "result", "error", "done")

    def __init__(
        self,
        job: Job | None,
        brief: bool = False,
        batch_job: BatchJob | None = None,
        item: Any = None,
    ):
        self.job = job
        self.brief = brief  # runs on the committer (the event loop), not in a thread
        self.batch_job = batch_job  # or it runs, with the batch's other items, in batch_job
        self.item = item
        self.result: Any = None
        self.error: BaseException | None = None
        # Held until the job is done: a lock is the lightest thing a writer can wait on, green
        # or not (an Event was ~10 % of a receipt's handler under eventlet).
        self.done = threading.Lock()
        self.done.acquire()


class Database:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._writer = _connect(path, 0)
        self._apply_schema()
        self._reader = _connect(path, BUSY_TIMEOUT_MS)
        self._read_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._queued = threading.Condition(self._queue_lock)
        self._committer: threading.Thread | None = None  # started by the first write
        self._closing = False
        self.batches = 0  # transactions committed; with `jobs`, shows how well writes group
        self.jobs = 0

    def _apply_schema(self) -> None:
        """Idempotent: upgrade older tables, then create what is missing."""
        schema = resources.files("chat.storage.sqlite").joinpath("schema.sql").read_text()
        with _waiting(self._writer):  # at start-up, or from the CLI: nothing else to serve
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                add_missing_columns(self._writer)
                rekey_members(self._writer, schema)
                self._writer.execute("COMMIT")
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self._writer.executescript(schema)

    def apply_schema(self) -> None:
        with self._commit_lock:
            self._apply_schema()

    def write(self, job: Callable[[sqlite3.Connection], T], brief: bool = False) -> T:
        """Run job(conn) in a write transaction; return once it is committed to disk.

        brief: job is a few indexed statements (the hot writes: a send, a cursor move). It then
        runs on the committer, the event loop under eventlet; other jobs run in a thread, where
        a long one (an import, a purge, an index batch) does not stall every socket."""
        return self._wait_for(_Pending(job, brief))

    def write_batched(self, batch_job: BatchJob, item: Any) -> Any:
        """Like write, for the most frequent small writes (receipts): the items queued together
        go to one call of batch_job, a few statements for the batch rather than a few per item
        (a thousand receipts a second cost the event loop a thousand small jobs otherwise).
        Brief: it runs on the committer. Its result for item."""
        return self._wait_for(_Pending(None, True, batch_job, item))

    def _wait_for(self, pending: _Pending) -> Any:
        with self._queued:
            if self._closing:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._queue.append(pending)
            self._queued.notify()
            if self._committer is None:
                self._committer = threading.Thread(
                    target=self._commit_queued, name="sqlite-committer", daemon=True
                )
                self._committer.start()
        pending.done.acquire()  # the committer releases it once the job is committed
        if pending.error is not None:
            raise pending.error
        return pending.result

    def _commit_queued(self) -> None:
        """The committer: commit whatever is queued, batch after batch, until closed."""
        while True:
            with self._queued:
                while not self._queue and not self._closing:
                    self._queued.wait()
                if not self._queue:
                    return
            batch: list[_Pending] = []
            try:
                with self._commit_lock:  # checkpoints and schema changes keep out
                    with self._queued:
                        batch, self._queue = self._queue, []
                    self._commit(batch)
            except BaseException as err:  # not the jobs' (_commit keeps those): all of them fail
                log.exception("commit of %d write(s) failed", len(batch))
                for p in batch:
                    p.error, p.result = p.error or err, None
                self._roll_back()
            finally:
                for p in batch:
                    p.done.release()

    def _roll_back(self) -> None:
        """End a transaction a failed commit or batch left open (else every later BEGIN
        fails); the committer must survive even this failing."""
        try:
            if self._writer.in_transaction:
                self._writer.execute("ROLLBACK")
        except sqlite3.Error:
            log.exception("rollback after a failed commit failed")

    def _commit(self, batch: list[_Pending]) -> None:
        """One transaction for the batch, a savepoint per job: brief ones here, the others
        together in one hand-off to a thread, then batch jobs, then COMMIT in a thread."""
        conn = self._writer
        try:
            _begin(conn)
        except sqlite3.Error as err:
            for p in batch:
                p.error = err
            return
        batched: dict[BatchJob, list[_Pending]] = {}
        others: list[_Pending] = []
        for p in batch:
            if p.batch_job is not None:
                batched.setdefault(p.batch_job, []).append(p)
            elif p.brief:
                _run(conn, p)
            else:
                others.append(p)
        if others:
            run_blocking(_run_each, conn, others)
        for batch_job, pendings in batched.items():
            items = [p.item for p in pendings]
            results, error = _in_savepoint(conn, functools.partial(batch_job, items=items))
            for p, result in zip(pendings, results or [error] * len(pendings), strict=True):
                if isinstance(result, BaseException):
                    p.error = result
                else:
                    p.result = result
        try:
            run_blocking(conn.execute, "COMMIT")
        except sqlite3.Error as err:
            self._roll_back()
            for p in batch:
                p.error, p.result = p.error or err, None
        self.batches += 1
        self.jobs += len(batch)

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and empty it (after erasing text)."""
        with self._commit_lock:
            run_blocking(_patiently, self._writer, "PRAGMA wal_checkpoint(TRUNCATE)")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._read_lock:
            return self._reader.execute(sql, params).fetchall()

    def close(self) -> None:
        """Commit what is queued, then close; later writes fail."""
        with self._queued:
            self._closing = True
            self._queued.notify()
        if self._committer is not None and self._committer is not threading.current_thread():
            self._committer.join()
        with self._commit_lock, self._read_lock:
            self._reader.close()
            self._writer.close()


def _begin(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE at once; if another process holds the write lock, wait for it in a
    thread (the event loop never sits out someone else's transaction)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        if err.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:  # extended codes: BUSY_*
            raise
        run_blocking(_patiently, conn, "BEGIN IMMEDIATE")


def _patiently(conn: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    with _waiting(conn):
        return conn.execute(sql).fetchall()


@contextmanager
def _waiting(conn: sqlite3.Connection) -> Iterator[None]:
    """The writer waits for other processes' locks meanwhile (off the event loop only)."""
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        yield
    finally:
        conn.execute("PRAGMA busy_timeout=0")


def _run(conn: sqlite3.Connection, p: _Pending) -> None:
    if p.job is not None:
        p.result, p.error = _in_savepoint(conn, p.job)


def _run_each(conn: sqlite3.Connection, pendings: list[_Pending]) -> None:
    for p in pendings:
        _run(conn, p)


def _in_savepoint(conn: sqlite3.Connection, job: Job) -> tuple[Any, Exception | None]:
    """job's result, or its error with what it changed undone (the batch's others go on)."""
    conn.execute("SAVEPOINT job")
    try:
        result = job(conn)
    except Exception as err:
        conn.execute("ROLLBACK TO job")
        conn.execute("RELEASE job")
        return None, err
    conn.execute("RELEASE job")
    return result, None
