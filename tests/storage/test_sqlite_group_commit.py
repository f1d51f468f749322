"""The embedded store commits concurrent writes together, each still on its own."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from chat.storage.sqlite.database import Database


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "group.sqlite3")
    database.write(lambda conn: conn.execute("CREATE TABLE t (v INTEGER UNIQUE)"))
    yield database
    database.close()


def insert(value: int):
    def job(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO t (v) VALUES (?)", (value,))
        return value

    return job


def test_writes_that_queue_behind_a_commit_share_one_transaction(db: Database) -> None:
    results: dict[int, object] = {}
    values = [*range(10), 3]  # the second 3 breaks the unique rule: only it must fail

    def write(index: int, value: int) -> None:
        try:
            results[index] = db.write(insert(value))
        except sqlite3.IntegrityError as err:
            results[index] = err

    batches_before = db.batches
    with db._commit_lock:  # a commit in progress: everything meanwhile queues up
        threads = [threading.Thread(target=write, args=iv) for iv in enumerate(values)]
        for t in threads:
            t.start()
        while len(db._queue) < len(values):
            time.sleep(0.001)
    for t in threads:
        t.join(10)

    assert db.batches - batches_before == 1
    failed = [i for i, r in results.items() if isinstance(r, sqlite3.IntegrityError)]
    assert len(failed) == 1 and values[failed[0]] == 3
    stored = sorted(row[0] for row in db.query("SELECT v FROM t"))
    assert stored == list(range(10))


def test_a_write_is_durable_and_visible_when_it_returns(db: Database, tmp_path) -> None:
    db.write(insert(42))
    other = sqlite3.connect(tmp_path / "group.sqlite3")
    assert other.execute("SELECT v FROM t").fetchall() == [(42,)]
    other.close()
