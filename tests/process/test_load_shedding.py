"""An overloaded process refuses socket events at once (`server_busy`) instead of queueing
without bound; the client's resend with the same client_id lands each message exactly once.
Either gate may refuse: too many events in progress, or the event loop's wait standing above
its target (answered before Socket.IO parses the event)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.outbox_client import OutboxClient, sign_up

ROOT = Path(__file__).resolve().parents[2]
TABS = 6
MESSAGES_EACH = 15
FLOOD = ("3000", "16")  # events, sockets (fewer than MAX_SOCKETS_PER_USER)

GATES = {
    # two events in progress at most; the delay gate off
    "events_in_flight": {"MAX_EVENTS_IN_FLIGHT": "2", "EVENT_QUEUE_TARGET_MS": "0"},
    # no practical cap on events in progress; the loop may not stand 1 ms behind for 100 ms
    "queueing_delay": {"MAX_EVENTS_IN_FLIGHT": "100000", "EVENT_QUEUE_TARGET_MS": "1"},
}


def metric(url: str, prefix: str) -> float:
    text = requests.get(url + "/metrics", timeout=5).text
    line = next((x for x in text.splitlines() if x.startswith(prefix)), None)
    return float(line.split()[-1]) if line else 0.0


def busy_refusals(url: str) -> float:
    return metric(url, 'chat_errors_total{kind="server_busy"}')


def start_flood(url: str, session: requests.Session, to: str) -> subprocess.Popen:
    """Another user blasting messages from its own process, so the event loop falls behind."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    flood = subprocess.Popen(
        [sys.executable, "-m", "tests.process.flood_client", url, cookie, to, *FLOOD],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert flood.stdout is not None
    assert json.loads(flood.stdout.readline()) == {"connected": True}  # blasting from now on
    return flood


@pytest.mark.parametrize("backend", ["sqlite"])  # the gates are in front of any storage
@pytest.mark.parametrize("gate", list(GATES))
def test_events_over_the_limit_are_refused_and_resent_exactly_once(
    live_server_with, gate: str
) -> None:
    server = live_server_with(**GATES[gate])
    deadline = time.monotonic() + 90
    ann_session, ann = sign_up(server.url, "ann")
    _, bob = sign_up(server.url, "bob")
    mallory_session, _ = sign_up(server.url, "mallory")
    tabs = [OutboxClient(server.url, ann_session, ann) for _ in range(TABS)]
    start = threading.Barrier(TABS)

    def blast(tab: OutboxClient) -> None:
        start.wait()
        for i in range(MESSAGES_EACH):
            tab.send(bob["id"], f"tab {id(tab)} message {i}", deadline)

    flood = None
    if gate == "queueing_delay":
        flood = start_flood(server.url, mallory_session, bob["id"])
        while busy_refusals(server.url) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the tabs start while the gate refuses
    threads = [threading.Thread(target=blast, args=(tab,)) for tab in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    if flood is not None:
        out, err = flood.communicate(timeout=90)
        assert flood.returncode == 0, err[-2000:]
        flooded = json.loads(out.strip().splitlines()[-1])
        assert flooded["refused_codes"] in ([], ["server_busy"]), flooded

    refusals = [code for tab in tabs for code in tab.refusals]
    assert "server_busy" in refusals, f"the {gate} gate never refused one of the tabs' events"
    assert set(refusals) == {"server_busy"}, refusals
    assert busy_refusals(server.url) >= refusals.count("server_busy")
    acked = {cid: m for tab in tabs for cid, m in tab.acked.items()}
    assert len(acked) == TABS * MESSAGES_EACH
    conversation_id = next(iter(acked.values()))["conversation_id"]
    stored = tabs[0].synced_view([conversation_id], deadline)[conversation_id]
    assert sorted(m["client_id"] for m in stored) == sorted(acked)  # each exactly once
    assert [m["id"] for m in stored] == [acked[m["client_id"]]["id"] for m in stored]
    for tab in tabs:
        tab.close()
