"""The send path on MongoDB: a message to a warm conversation (one this process has already
served) costs at most 3 round trips (pymongo ~0.2–0.4 ms of our CPU each), with membership,
blocks and the recipient's account still checked on every send."""

from __future__ import annotations

import threading

import pytest
from pymongo import monitoring

from tests import backends
from tests.files import uploaded
from tests.helpers import client_id, csrf_headers

BUDGET = 3
BACKGROUND = {"hello", "ismaster", "isMaster", "ping", "endSessions"}


class CommandCounter(monitoring.CommandListener):
    """Commands this thread sends while recording (the monitor's heartbeats are not ours)."""

    def __init__(self) -> None:
        self.recording: threading.Thread | None = None
        self.commands: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.recording is threading.current_thread() and event.command_name not in BACKGROUND:
            self.commands.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def count(self, action) -> list[str]:
        self.commands, self.recording = [], threading.current_thread()
        try:
            action()
        finally:
            self.recording = None
        return self.commands


COUNTER = CommandCounter()
monitoring.register(COUNTER)  # applies to the clients made from here on (the app's below)


@pytest.mark.parametrize("backend", [b for b in backends.selected() if b == "mongo"])
def test_a_warm_send_costs_at_most_three_round_trips(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    _, cat_user = make_client("cat")
    ann_sock, bob_sock = connect(ann), connect(bob)

    def send(payload: dict) -> dict:
        ack = ann_sock.emit("send_message", {**payload, "client_id": client_id()}, callback=True)
        assert ack["ok"], ack
        return ack["message"]

    cold = COUNTER.count(lambda: send({"to": bob_user["id"], "text": "first"}))
    warm = COUNTER.count(lambda: send({"to": bob_user["id"], "text": "second"}))
    print(f"\ndirect send, first: {cold}; warm: {warm}")
    assert len(warm) <= BUDGET, warm

    group = ann.post(
        "/api/conversations",
        json={"title": "Team", "member_ids": [bob_user["id"], cat_user["id"]]},
        headers=csrf_headers(ann),
    ).get_json()["conversation"]["id"]
    to_group = COUNTER.count(lambda: send({"conversation_id": group, "text": "hi team"}))
    print(f"group send: {to_group}")
    assert len(to_group) <= BUDGET, to_group

    # Still checked on every send: a block refuses the warm conversation at once.
    bob.put(f"/api/users/{ann.get('/api/auth/me').get_json()['user']['id']}/block",
            headers=csrf_headers(bob))  # fmt: skip
    refused = ann_sock.emit(
        "send_message", {"to": bob_user["id"], "text": "third", "client_id": client_id()},
        callback=True,
    )  # fmt: skip
    assert refused["ok"] is False and refused["error"] == "cannot_message"
    assert [m["message"]["text"] for m in _news(bob_sock)] == ["first", "second", "hi team"]


def _news(sock) -> list[dict]:
    return [m["args"][0] for m in sock.get_received() if m["name"] == "new_message"
            and m["args"][0]["message"]["kind"] == "text"]  # fmt: skip


FILES_BUDGET = BUDGET + 3  # read the uploads, claim them, bind them to the stored message


@pytest.mark.parametrize("backend", [b for b in backends.selected() if b == "mongo"])
def test_a_send_with_files_adds_three_round_trips_at_most(make_client, connect) -> None:
    ann, _ = make_client("ann")
    _, bob_user = make_client("bob")
    ann_sock = connect(ann)
    first = {"to": bob_user["id"], "text": "first", "client_id": client_id()}
    conv = ann_sock.emit("send_message", first, callback=True)["message"]["conversation_id"]
    ids = [uploaded(ann, conv, b"file %d" % i, f"f{i}.txt")["id"] for i in range(3)]
    payload = {"conversation_id": conv, "attachment_ids": ids, "client_id": client_id()}
    acks: list[dict] = []
    commands = COUNTER.count(
        lambda: acks.append(ann_sock.emit("send_message", payload, callback=True))
    )
    print(f"\nsend with 3 files: {commands}")
    assert acks[0]["ok"] and len(acks[0]["message"]["attachments"]) == 3
    assert len(commands) <= FILES_BUDGET, commands
