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
    values = [*range(10), 3]  # the second 3 breaks the unique rule: only it must fail
    batches_before = db.batches
    results = queued_together(db, [lambda v=v: db.write(insert(v)) for v in values])

    assert db.batches - batches_before == 1
    failed = [i for i, r in enumerate(results) if isinstance(r, sqlite3.IntegrityError)]
    assert len(failed) == 1 and values[failed[0]] == 3
    stored = sorted(row[0] for row in db.query("SELECT v FROM t"))
    assert stored == list(range(10))


def test_brief_writes_and_others_queued_together_share_one_transaction(db: Database) -> None:
    # Brief jobs run on the committer, the others in a thread: still one commit, and a failing
    # job of either kind undoes only itself.
    values = [(1, True), (2, False), (1, False), (3, True), (2, True), (4, False)]
    batches_before = db.batches
    results = queued_together(db, [lambda v=v, b=b: db.write(insert(v), b) for v, b in values])

    assert db.batches - batches_before == 1
    failed = [values[i] for i, r in enumerate(results) if isinstance(r, sqlite3.IntegrityError)]
    assert len(failed) == 2 and {v for v, _ in failed} == {1, 2}
    assert sorted(row[0] for row in db.query("SELECT v FROM t")) == [1, 2, 3, 4]


def test_a_write_is_durable_and_visible_when_it_returns(db: Database, tmp_path) -> None:
    db.write(insert(42))
    other = sqlite3.connect(tmp_path / "group.sqlite3")
    assert other.execute("SELECT v FROM t").fetchall() == [(42,)]
    other.close()


def queued_together(db: Database, writes: list) -> list:
    """Run each write (a no-argument call) in its own thread while a commit is in progress, so
    all of them queue for the next one; what each returned or raised, in order."""
    results: list = [None] * len(writes)

    def run(index: int) -> None:
        try:
            results[index] = writes[index]()
        except Exception as err:
            results[index] = err

    with db._commit_lock:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(writes))]
        for t in threads:
            t.start()
        while len(db._queue) < len(writes):
            time.sleep(0.001)
    for t in threads:
        t.join(10)
    return results


def test_batched_writes_queued_together_go_to_one_call_of_their_job(db: Database) -> None:
    calls: list[list[int]] = []

    def insert_many(conn: sqlite3.Connection, items: list[int]) -> list:
        calls.append(sorted(items))
        conn.executemany("INSERT INTO t (v) VALUES (?)", [(v,) for v in items if v >= 0])
        return [ValueError("negative") if v < 0 else v * 10 for v in items]

    writes = [lambda v=v: db.write_batched(insert_many, v) for v in (1, 2, -1, 3)]
    results = queued_together(db, [*writes, lambda: db.write(insert(7))])

    assert calls == [[-1, 1, 2, 3]]  # one call for the four, within the one commit
    assert results[:2] + results[3:] == [10, 20, 30, 7]
    assert isinstance(results[2], ValueError)  # that item alone fails
    assert sorted(row[0] for row in db.query("SELECT v FROM t")) == [1, 2, 3, 7]


def test_a_failing_batch_job_undoes_its_own_changes_only(db: Database) -> None:
    def insert_then_fail(conn: sqlite3.Connection, items: list[int]) -> list:
        conn.executemany("INSERT INTO t (v) VALUES (?)", [(v,) for v in items])
        raise sqlite3.OperationalError("disk on fire")

    writes = [lambda v=v: db.write_batched(insert_then_fail, v) for v in (1, 2)]
    results = queued_together(db, [*writes, lambda: db.write(insert(9))])

    assert [type(r) for r in results] == [sqlite3.OperationalError] * 2 + [int]
    assert [row[0] for row in db.query("SELECT v FROM t")] == [9]


def test_a_batch_failing_outside_its_jobs_fails_its_writes_and_leaves_no_open_transaction(
    db: Database, monkeypatch
) -> None:
    commit = db._commit

    def begin_then_fail(batch: list) -> None:
        db._writer.execute("BEGIN IMMEDIATE")
        raise RuntimeError("the committer's own bug")

    monkeypatch.setattr(db, "_commit", begin_then_fail)
    with pytest.raises(RuntimeError):
        db.write(insert(1))
    monkeypatch.setattr(db, "_commit", commit)
    assert db.write(insert(2)) == 2  # a later batch begins its own transaction
    assert [row[0] for row in db.query("SELECT v FROM t")] == [2]


def test_closing_commits_what_is_queued_and_refuses_later_writes(tmp_path) -> None:
    db = Database(tmp_path / "closing.sqlite3")
    db.write(lambda conn: conn.execute("CREATE TABLE t (v INTEGER UNIQUE)"))
    db.write(insert(1))
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        db.write(insert(2))
    with sqlite3.connect(tmp_path / "closing.sqlite3") as conn:
        assert conn.execute("SELECT v FROM t").fetchall() == [(1,)]


def test_writes_queued_during_a_commit_are_committed_next_all_together(db: Database) -> None:
    started, go_on = threading.Event(), threading.Event()

    def slow(conn: sqlite3.Connection) -> None:
        started.set()
        go_on.wait(5)
        conn.execute("INSERT INTO t (v) VALUES (100)")

    first = threading.Thread(target=db.write, args=(slow,))
    first.start()
    started.wait(5)
    batches_before = db.batches
    threads = [threading.Thread(target=db.write, args=(insert(v),)) for v in range(5)]
    for t in threads:
        t.start()
    while len(db._queue) < 5:
        time.sleep(0.001)
    go_on.set()
    for t in [first, *threads]:
        t.join(10)

    assert db.batches - batches_before == 2  # the slow one's, then the five in one
    assert sorted(row[0] for row in db.query("SELECT v FROM t")) == [0, 1, 2, 3, 4, 100]
    db.close()  # waits for nothing left behind
