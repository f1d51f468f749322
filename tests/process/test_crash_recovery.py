"""kill -9 of the server mid-conversation loses nothing that was acknowledged.

Real processes: the Procfile's server, six users with outbox clients (retry un-acked with the
same client_id), 2,000+ messages, SIGKILL of the whole server half-way, restart, finish.
"""

from __future__ import annotations

import itertools
import os
import random
import threading
import time
from collections import Counter

from chat.messages.views import message_views
from chat.storage import open_store
from tests.conftest import ring
from tests.outbox_client import OutboxClient, sign_up

USERS = 6
MESSAGES = int(os.environ.get("CRASH_TEST_MESSAGES", "2000"))
DEADLINE_SECONDS = 240


def test_kill_9_mid_stream_loses_no_acked_message(live_server, settings, capsys) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    accounts = [sign_up(live_server.url, f"user{i}") for i in range(USERS)]
    clients = [OutboxClient(live_server.url, session, user) for session, user in accounts]
    per_client = -(-MESSAGES // USERS)
    failures: list[BaseException] = []

    def converse(me: OutboxClient, seed: int) -> None:
        rng = random.Random(seed)
        peers = [c.user["id"] for c in clients if c is not me]
        try:
            for i in range(per_client):
                me.send(rng.choice(peers), f"{me.user['username']} says {i}", deadline)
        except BaseException as err:  # reported by the main thread
            failures.append(err)

    threads = [threading.Thread(target=converse, args=(c, n)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    while sum(len(c.acked) for c in clients) < MESSAGES // 2 and not failures:
        time.sleep(0.01)
    acked_before_kill = sum(len(c.acked) for c in clients)
    live_server.kill()
    time.sleep(0.5)
    live_server.start()
    for t in threads:
        t.join(DEADLINE_SECONDS)
    assert not failures, failures[0]

    store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
    conversations = {m["conversation_id"] for c in clients for m in c.acked.values()}
    stored = {cid: store.messages.after(cid, 0, 10 * MESSAGES) for cid in conversations}
    members = {cid: c.member_ids for cid, c in store.conversations.get_many(list(stored)).items()}
    views = {m["id"]: m for ms in stored.values() for m in message_views(store, ms)}
    store.close()
    all_stored = list(itertools.chain.from_iterable(stored.values()))
    acked = {cid: m for c in clients for cid, m in c.acked.items()}
    sent = sum(c.sent for c in clients)
    retried = sum(c.retried for c in clients)
    with capsys.disabled():  # the counts belong in the CI log
        print(
            f"\ncrash test: sent={sent} acked={len(acked)} retried={retried} "
            f"stored={len(all_stored)} acked_before_kill={acked_before_kill}"
        )

    # Every acked message is stored exactly once, as acked; nothing else was stored.
    by_client_id = Counter((m.sender_id, m.client_id) for m in all_stored)
    assert max(by_client_id.values()) == 1
    for message in acked.values():
        assert views[message["id"]] == message  # as the members see it (reply quotes and all)
    assert len(all_stored) == len(acked) == sent >= MESSAGES

    # Seqs strictly increase per conversation.
    for messages in stored.values():
        seqs = [m.seq for m in messages]
        assert seqs == sorted(set(seqs))

    # Every member's synced view equals the stored history; nothing arrived live twice.
    for client in clients:
        mine = [cid for cid in stored if client.user["id"] in members[cid]]
        view = client.synced_view(mine, deadline)
        for cid in mine:
            assert [m["id"] for m in view[cid]] == [m.id for m in stored[cid]]
        live_ids = [m["id"] for m in client.live]
        assert len(live_ids) == len(set(live_ids))
        client.close()
