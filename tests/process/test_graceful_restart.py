"""SIGTERM of one of two processes while messages flow: its clients reconnect through the router to
the other process, and nothing acknowledged is lost or duplicated."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from chat.storage import open_store
from tests.conftest import JWT_SECRET, ring
from tests.live import LiveServer
from tests.outbox_client import OutboxClient, sign_up
from tests.tcp_balancer import TcpBalancer

USERS = 4
MESSAGES_EACH = 150


def test_sigterm_drains_to_the_other_process_without_loss(settings, redis_server, capsys) -> None:
    env = {"REDIS_URL": redis_server.url}
    a = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET, env)
    b = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET, env)
    router = TcpBalancer([a.port, b.port])
    deadline = time.monotonic() + 180
    try:
        clients = [OutboxClient(router.url, *sign_up(router.url, f"user{i}")) for i in range(USERS)]
        failures: list[BaseException] = []

        def talk(me: OutboxClient, n: int) -> None:
            peer = clients[(n + 1) % USERS].user["id"]
            try:
                for i in range(MESSAGES_EACH):
                    me.send(peer, f"{me.user['username']} {i}", deadline)
                    time.sleep(0.005)
            except BaseException as err:
                failures.append(err)

        threads = [threading.Thread(target=talk, args=(c, n)) for n, c in enumerate(clients)]
        for t in threads:
            t.start()
        while sum(len(c.acked) for c in clients) < USERS * MESSAGES_EACH // 3:
            time.sleep(0.01)
        took = b.terminate()
        for t in threads:
            t.join(120)
        assert not failures, failures[0]
        with capsys.disabled():
            retried = sum(c.retried for c in clients)
            print(
                f"\ngraceful restart: process exited {took:.1f}s after SIGTERM; retried={retried}"
            )

        acked = [m for c in clients for m in c.acked.values()]
        assert len(acked) == USERS * MESSAGES_EACH
        store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
        conversations = {m["conversation_id"] for m in acked}
        stored = [m for cid in conversations for m in store.messages.after(cid, 0, 10_000)]
        store.close()
        assert sorted(m.id for m in stored) == sorted(m["id"] for m in acked)  # once each
        for client in clients:  # everyone can still sync everything, through process A
            mine = sorted(
                {
                    m["conversation_id"]
                    for m in acked
                    if client.user["id"] in (m["sender_id"], *_peers(m, clients))
                }
            )
            view = client.synced_view(mine, deadline)
            assert sum(len(v) for v in view.values()) == sum(
                1 for m in stored if m.conversation_id in mine
            )
            client.close()
    finally:
        router.stop()
        a.stop()
        b.stop()


def _peers(message: dict, clients: list[OutboxClient]) -> list[str]:
    """The recipient of a message in these tests: the next user after its sender."""
    ids = [c.user["id"] for c in clients]
    return [ids[(ids.index(message["sender_id"]) + 1) % len(ids)]]
