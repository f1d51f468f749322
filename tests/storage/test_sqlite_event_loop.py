"""Under eventlet, the embedded store's waits stay off the event loop: a long write job, or a
write lock another process holds, never freezes every socket of the server."""

from __future__ import annotations

from tests.helpers import python_json

# Run in a fresh interpreter: eventlet must patch the standard library before anything imports
# it, which the test process has long done.
SCRIPT = """
import eventlet
eventlet.monkey_patch()
import json, sqlite3, sys, time
from pathlib import Path
from chat.storage.sqlite.database import Database

path = Path(sys.argv[1])
db = Database(path)
db.write(lambda conn: conn.execute("CREATE TABLE t (v INTEGER)"))
ticks = []

def ticker():  # stands for every other socket: it runs only while the loop is free
    while True:
        ticks.append(time.monotonic())
        eventlet.sleep(0.01)

eventlet.spawn(ticker)
eventlet.sleep(0.05)

def ticks_during(write):
    start = time.monotonic()
    write()
    end = time.monotonic()
    return {"ticks": sum(start <= t <= end for t in ticks), "seconds": end - start}

# ~0.4 s of SQLite work (GIL released), then one row
SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000)"
        " INSERT INTO t SELECT count(*) FROM c")
out = {
    "long_job": ticks_during(lambda: db.write(lambda conn: conn.execute(SLOW))),
    "brief_long_job": ticks_during(lambda: db.write(lambda c: c.execute(SLOW), brief=True)),
}
other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
other.execute("BEGIN IMMEDIATE")  # another process writing for half a second
other.execute("INSERT INTO t VALUES (1)")

def commit_later():
    eventlet.sleep(0.5)
    other.execute("COMMIT")

eventlet.spawn(commit_later)
out["locked"] = ticks_during(
    lambda: db.write(lambda conn: conn.execute("INSERT INTO t VALUES (2)"), brief=True)
)
out["rows"] = [row[0] for row in db.query("SELECT v FROM t ORDER BY rowid")]
print(json.dumps(out))
"""


def test_waits_of_the_store_leave_the_event_loop_free(tmp_path) -> None:
    out = python_json(["-c", SCRIPT, str(tmp_path / "loop.sqlite3")], timeout=60)

    # A job not marked brief runs in a thread: the loop ticks all along (every 10 ms).
    long_job = out["long_job"]
    assert long_job["ticks"] >= 0.5 * long_job["seconds"] / 0.01, long_job
    # The same job marked brief runs on the loop and stops it: the ticker can tell.
    assert out["brief_long_job"]["ticks"] <= 2, out["brief_long_job"]
    # A brief write that finds another process's write lock waits for it off the loop, then
    # succeeds (it is not refused as "database is locked").
    locked = out["locked"]
    assert locked["seconds"] >= 0.4
    assert locked["ticks"] >= 0.5 * locked["seconds"] / 0.01, locked
    assert out["rows"][-2:] == [1, 2]
