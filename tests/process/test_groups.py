"""Groups with real processes: a member who was offline while the group changed syncs exactly
what the others saw, and kill -9 mid-stream in a 20-member group loses nothing acknowledged."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import requests

from chat.storage import open_store
from tests.conftest import ring
from tests.outbox_client import OutboxClient, sign_up


def csrf(session: requests.Session) -> dict[str, str]:
    return {"X-CSRF-TOKEN": session.cookies.get("csrf_access_token")}


def create_group(url: str, session: requests.Session, title: str, member_ids: list[str]) -> str:
    response = session.post(
        url + "/api/conversations",
        json={"title": title, "member_ids": member_ids},
        headers=csrf(session),
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()["conversation"]["id"]


def test_an_offline_member_syncs_exactly_what_the_others_saw(live_server) -> None:
    url, deadline = live_server.url, time.monotonic() + 120
    (ann_s, ann), (bob_s, bob), (cat_s, cat) = (sign_up(url, n) for n in ("ann", "bob", "cat"))
    group = create_group(url, ann_s, "Trip", [bob["id"]])
    ann_c, bob_c = OutboxClient(url, ann_s, ann), OutboxClient(url, bob_s, bob)
    # Cat has never connected: added, then the title changes and 30 messages go by.
    added = ann_s.post(
        f"{url}/api/conversations/{group}/members",
        json={"user_ids": [cat["id"]]},
        headers=csrf(ann_s),
        timeout=10,
    )
    assert added.status_code == 200, added.text
    renamed = bob_s.patch(
        f"{url}/api/conversations/{group}", json={"title": "Trip!"}, headers=csrf(bob_s), timeout=10
    )
    assert renamed.status_code == 403  # a member may not rename
    assert (
        ann_s.patch(
            f"{url}/api/conversations/{group}",
            json={"title": "Trip!"},
            headers=csrf(ann_s),
            timeout=10,
        ).status_code
        == 200
    )
    for i in range(30):
        (ann_c if i % 2 else bob_c).send_to(group, f"message {i}", deadline)

    cat_c = OutboxClient(url, cat_s, cat)
    seen_by_bob = bob_c.synced_view([group], deadline)[group]
    seen_by_cat = cat_c.synced_view([group], deadline)[group]
    joined = next(m["seq"] for m in seen_by_bob if m.get("event") == "member_added")
    expected = [m for m in seen_by_bob if m["seq"] >= joined]
    assert [(m["seq"], m["id"]) for m in seen_by_cat] == [(m["seq"], m["id"]) for m in expected]
    assert [m.get("event") for m in seen_by_cat[:2]] == ["member_added", "title_changed"]
    assert len([m for m in seen_by_cat if m["kind"] == "text"]) == 30
    listed = cat_s.get(url + "/api/conversations", timeout=10).json()["conversations"][0]
    assert (listed["title"], listed["unread"]) == ("Trip!", 30)
    for client in (ann_c, bob_c, cat_c):
        client.close()


def test_kill_9_mid_stream_in_a_20_member_group_loses_nothing_acked(
    live_server, settings, capsys
) -> None:
    url, deadline = live_server.url, time.monotonic() + 240
    accounts = [sign_up(url, f"member{i}") for i in range(20)]
    group = create_group(url, accounts[0][0], "Twenty", [u["id"] for _, u in accounts[1:]])
    senders = [OutboxClient(url, s, u) for s, u in accounts[:5]]  # five talk, all receive
    failures: list[BaseException] = []

    def talk(client: OutboxClient, seed: int) -> None:
        rng = random.Random(seed)
        try:
            for i in range(60):
                client.send_to(group, f"{client.user['username']} #{i}", deadline)
                time.sleep(rng.uniform(0, 0.01))
        except BaseException as err:  # reported by the main thread
            failures.append(err)

    threads = [threading.Thread(target=talk, args=(c, n)) for n, c in enumerate(senders)]
    for t in threads:
        t.start()
    while sum(len(c.acked) for c in senders) < 150 and not failures:
        time.sleep(0.01)
    acked_before = sum(len(c.acked) for c in senders)
    live_server.kill()
    time.sleep(0.5)
    live_server.start()
    for t in threads:
        t.join(240)
    assert not failures, failures[0]

    store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
    stored = [m for m in store.messages.after(group, 0, 10_000) if m.kind == "text"]
    conversation = store.conversations.get(group)
    store.close()
    acked = {cid: m for c in senders for cid, m in c.acked.items()}
    by_client = Counter(m.client_id for m in stored)
    assert len(acked) == 300 and set(by_client) == set(acked)  # every acked one is stored
    assert max(by_client.values()) == 1  # and only once
    assert len(stored) == 300
    assert conversation is not None and conversation.last_seq >= 301  # group_created + 300
    with capsys.disabled():
        print(
            f"\n20-member group, kill -9 after {acked_before} acks: 300 stored once, "
            f"{sum(c.retried for c in senders)} resends"
        )
