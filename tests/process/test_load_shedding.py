"""An overloaded process refuses socket events at once (`server_busy`) instead of queueing
without bound; the client's resend with the same client_id lands each message exactly once."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.outbox_client import OutboxClient, sign_up

TABS = 6
MESSAGES_EACH = 15


def busy_refusals(url: str) -> float:
    text = requests.get(url + "/metrics", timeout=5).text
    line = next((x for x in text.splitlines() if 'kind="server_busy"' in x), None)
    return float(line.split()[-1]) if line else 0.0


@pytest.mark.parametrize("backend", ["sqlite"])  # the gate is in front of any storage
def test_events_over_the_limit_are_refused_and_resent_exactly_once(live_server_with) -> None:
    server = live_server_with(MAX_EVENTS_IN_FLIGHT="2")
    deadline = time.monotonic() + 90
    ann_session, ann = sign_up(server.url, "ann")
    _, bob = sign_up(server.url, "bob")
    tabs = [OutboxClient(server.url, ann_session, ann) for _ in range(TABS)]
    start = threading.Barrier(TABS)

    def blast(tab: OutboxClient) -> None:
        start.wait()
        for i in range(MESSAGES_EACH):
            tab.send(bob["id"], f"tab {id(tab)} message {i}", deadline)

    threads = [threading.Thread(target=blast, args=(tab,)) for tab in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)

    refusals = [code for tab in tabs for code in tab.refusals]
    assert "server_busy" in refusals, "six tabs at once never went over a limit of two"
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
