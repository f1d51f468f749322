"""Two server processes on one store, many senders into one conversation at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tests.conftest import JWT_SECRET
from tests.live import LiveServer
from tests.outbox_client import OutboxClient, sign_up

SENDERS_PER_SIDE = 3
MESSAGES_EACH = 40


def test_seqs_stay_unique_and_everyone_sees_one_order(live_server, settings) -> None:
    second = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET)
    deadline = time.monotonic() + 120
    try:
        ann_session, ann = sign_up(live_server.url, "ann")
        bob_session, bob = sign_up(second.url, "bob")
        # Several sockets per user, half on each process, all writing at once.
        ann_tabs = [
            OutboxClient(live_server.url, ann_session, ann) for _ in range(SENDERS_PER_SIDE)
        ]
        bob_tabs = [OutboxClient(second.url, bob_session, bob) for _ in range(SENDERS_PER_SIDE)]
        start = threading.Barrier(2 * SENDERS_PER_SIDE)

        def blast(tab: OutboxClient, to: str) -> None:
            start.wait()
            for i in range(MESSAGES_EACH):
                tab.send(to, f"{tab.user['username']} {id(tab)} {i}", deadline)

        threads = [threading.Thread(target=blast, args=(t, bob["id"])) for t in ann_tabs]
        threads += [threading.Thread(target=blast, args=(t, ann["id"])) for t in bob_tabs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)

        acked = [m for tab in ann_tabs + bob_tabs for m in tab.acked.values()]
        assert len(acked) == 2 * SENDERS_PER_SIDE * MESSAGES_EACH
        conversation_id = acked[0]["conversation_id"]
        seqs = sorted(m["seq"] for m in acked)
        assert len(set(seqs)) == len(seqs), "a seq was handed out twice"

        ann_view = ann_tabs[0].synced_view([conversation_id], deadline)[conversation_id]
        bob_view = bob_tabs[0].synced_view([conversation_id], deadline)[conversation_id]
        assert [m["id"] for m in ann_view] == [m["id"] for m in bob_view]
        assert sorted(m["id"] for m in ann_view) == sorted(m["id"] for m in acked)
        assert [m["seq"] for m in ann_view] == seqs
        for tab in ann_tabs + bob_tabs:
            tab.close()
    finally:
        second.stop()
