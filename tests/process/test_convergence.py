"""Every client converges on the store's state: two people do 100 random actions (send, edit,
delete, react, unreact, reply) in a group while a third is offline; the server is killed with
SIGKILL half-way (outbox clients retry their unacknowledged actions); at the end all three
clients' views, built from live events and `sync` with change cursors, equal the store's, field
by field."""

from __future__ import annotations

import random
import threading
import time
import uuid

import requests
import socketio

from chat.storage import open_store
from tests.conftest import ring
from tests.outbox_client import sign_up

ACTIONS = 100
EMOJI = ("👍", "❤️", "😂", "🎉")
FIELDS = ("text", "edited_at", "deleted", "reactions", "reply_to", "seq")


def csrf(session: requests.Session) -> dict[str, str]:
    return {"X-CSRF-TOKEN": session.cookies.get("csrf_access_token")}


class Replica:
    """A client's copy of one conversation, kept as the web client keeps it."""

    def __init__(self, url: str, session: requests.Session, user: dict, group: str) -> None:
        self.user, self.group = user, group
        self.messages: dict[str, dict] = {}
        self.seq_cursor, self.change_cursor = 0, 0
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.1)
        self.sio.on("new_message", lambda d: self._put(d["message"]))
        self.sio.on("message_updated", lambda d: self._put(d["message"]))
        self.sio.on("reaction", self._reaction)
        self._cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        self._url = url

    def connect(self) -> None:
        self.sio.connect(
            self._url, headers={"Cookie": self._cookie}, transports=["websocket"], wait_timeout=10
        )

    def _put(self, message: dict) -> None:
        if message["conversation_id"] != self.group:
            return
        with self.lock:
            self.messages[message["id"]] = message

    def _reaction(self, event: dict) -> None:
        with self.lock:
            message = self.messages.get(event["message_id"])
            if message is None:
                return
            reactions = {r["emoji"]: list(r["user_ids"]) for r in message["reactions"]}
            users = reactions.setdefault(event["emoji"], [])
            if event["on"] and event["user_id"] not in users:
                users.append(event["user_id"])
            if not event["on"] and event["user_id"] in users:
                users.remove(event["user_id"])
            message["reactions"] = [
                {"emoji": e, "count": len(us), "user_ids": us} for e, us in reactions.items() if us
            ]

    def call(self, event: str, payload: dict, deadline: float) -> dict:
        """Until acknowledged (the outbox's way): a refusal of the action itself is an answer."""
        while time.monotonic() < deadline:
            try:
                ack = self.sio.call(event, payload, timeout=3)
            except socketio.exceptions.SocketIOError:
                time.sleep(0.2)
                continue
            if ack["ok"] and "message" in ack:  # our own action: not echoed to this socket
                self._put(ack["message"])
            if ack["ok"] or ack["error"] not in ("server_busy", "unavailable", "internal_error"):
                return ack
            time.sleep(0.2)
        raise TimeoutError(f"no answer to {event}")

    def sync(self, deadline: float) -> None:
        while True:
            with self.lock:
                held = [m["seq"] for m in self.messages.values()]
            cursors = {self.group: max([self.seq_cursor, *held])}
            ack = self.call(
                "sync",
                {"cursors": cursors, "changes": {self.group: self.change_cursor}, "limit": 50},
                deadline,
            )
            assert ack["ok"], ack
            for message in ack["messages"] + ack["changed"]:
                self._put(message)
            self.change_cursor = ack["change_cursors"].get(self.group, self.change_cursor)
            if not ack["more"]:
                return

    def view(self) -> dict[str, dict]:
        with self.lock:
            return {i: comparable(m) for i, m in self.messages.items() if m["kind"] == "text"}


def comparable(message: dict) -> dict:
    view = {f: message.get(f) for f in FIELDS}
    view["reactions"] = {r["emoji"]: sorted(r["user_ids"]) for r in message["reactions"]}
    view["reply_to"] = (message["reply_to"] or {}).get("id")
    return view


def store_view(settings, group: str) -> dict[str, dict]:
    store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
    try:
        messages = [m for m in store.messages.after(group, 0, 10_000) if m.kind == "text"]
        ids = {m.seq: m.id for m in messages}
        out = {}
        for m in messages:
            out[m.id] = {
                "text": m.text,
                "edited_at": m.public()["edited_at"],
                "deleted": m.deleted,
                "reactions": {e: sorted(us) for e, us in m.reactions.items() if us},
                "reply_to": ids.get(m.reply_to) if m.reply_to else None,
                "seq": m.seq,
            }
        return out
    finally:
        store.close()


def act(rng: random.Random, me: Replica, deadline: float) -> None:
    with me.lock:
        alive = [m for m in me.messages.values() if m["kind"] == "text" and not m["deleted"]]
    mine = [m for m in alive if m["sender_id"] == me.user["id"]]
    choice = rng.choice(["send", "send", "reply", "edit", "delete", "react", "unreact"])
    if choice in ("send", "reply") or not alive:
        text = f"{me.user['username']} {uuid.uuid4().hex[:6]}"
        payload = {"conversation_id": me.group, "text": text, "client_id": uuid.uuid4().hex}
        if choice == "reply" and alive:
            payload["reply_to"] = rng.choice(alive)["id"]
        ack = me.call("send_message", payload, deadline)
        assert ack["ok"] or ack["error"] == "message_deleted", ack
    elif choice == "edit" and mine:
        target = rng.choice(mine)
        me.call(
            "edit_message",
            {"message_id": target["id"], "text": f"edit {uuid.uuid4().hex[:6]}"},
            deadline,
        )
    elif choice == "delete" and mine:
        me.call("delete_message", {"message_id": rng.choice(mine)["id"]}, deadline)
    else:
        me.call("react", {"message_id": rng.choice(alive)["id"], "emoji": rng.choice(EMOJI),
                          "on": choice == "react"}, deadline)  # fmt: skip


def test_three_clients_converge_through_kill_9(live_server, settings, capsys) -> None:
    url, deadline = live_server.url, time.monotonic() + 240
    (ann_s, ann), (bob_s, bob), (cat_s, cat) = (sign_up(url, n) for n in ("ann", "bob", "cat"))
    group = ann_s.post(
        url + "/api/conversations",
        json={"title": "Converge", "member_ids": [bob["id"], cat["id"]]},
        headers=csrf(ann_s),
        timeout=10,
    ).json()["conversation"]["id"]
    replicas = [Replica(url, s, u, group) for s, u in ((ann_s, ann), (bob_s, bob), (cat_s, cat))]
    for replica in replicas:
        replica.connect()
        replica.sync(deadline)
    online, cat_replica = replicas[:2], replicas[2]

    rngs = [random.Random(seed) for seed in (1, 2)]
    for i in range(ACTIONS):
        if i == ACTIONS // 5:  # cat goes offline holding what the first fifth made
            cat_replica.sync(deadline)
            cat_replica.sio.disconnect()
            held_by_cat = set(cat_replica.view())
        if i == ACTIONS // 2:
            live_server.kill()
            time.sleep(0.3)
            live_server.start()
        act(rngs[i % 2], online[i % 2], deadline)

    cat_replica.connect()  # back: one sync brings what is new and every change to what it held
    for replica in replicas:
        replica.sync(deadline)
    expected = store_view(settings, group)
    for replica in replicas:
        got = replica.view()
        assert set(got) == set(expected), replica.user["username"]
        for message_id, fields in expected.items():
            assert got[message_id] == fields, (replica.user["username"], message_id)
    changed = {i for i, m in expected.items() if m["edited_at"] or m["deleted"] or m["reactions"]}
    assert changed & held_by_cat, "nothing cat held changed: the change cursor went untested"
    with capsys.disabled():
        print(
            f"\nconvergence: {len(expected)} messages, {len(changed)} changed "
            f"({len(changed & held_by_cat)} of them held by cat before it went offline), kill -9 "
            "half-way: all three clients equal the store"
        )
    for replica in replicas:
        replica.sio.disconnect()
