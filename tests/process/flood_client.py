"""An attacker that floods send_message as fast as its sockets can, in its own process (so its
CPU does not slow the measuring clients of the test). Prints a JSON line once connected, then
one with what it saw.

python -m tests.process.flood_client URL COOKIE TO_USER_ID COUNT [SOCKETS]

Several sockets share the events round-robin: a server reads one frame per socket per turn, so
only many sockets at once make the event loop itself fall behind.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid

import socketio


def flood(url: str, cookie: str, to: str, count: int, sockets: int = 1) -> dict:
    acks: list[dict] = []
    done = threading.Event()
    lock = threading.Lock()

    def on_ack(ack: dict) -> None:
        with lock:
            acks.append(ack)
            if len(acks) == count:
                done.set()

    clients = [socketio.Client(reconnection=False) for _ in range(sockets)]
    for client in clients:
        client.connect(url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    print(json.dumps({"connected": True}), flush=True)  # a test may start its clients now
    started = time.monotonic()  # CLOCK_MONOTONIC: comparable with the test process's
    for i in range(count):
        payload = {"to": to, "text": f"spam {i}", "client_id": uuid.uuid4().hex}
        clients[i % sockets].emit("send_message", payload, callback=on_ack)
    sent_s = time.monotonic() - started
    done.wait(60)
    acked_s = time.monotonic() - started
    for client in clients:
        client.disconnect()
    refused = [a for a in acks if not a.get("ok")]
    return {
        "sent": count,
        "acked": len(acks),
        "accepted_ids": [a["message"]["id"] for a in acks if a.get("ok")],
        "conversation_ids": sorted({a["message"]["conversation_id"] for a in acks if a.get("ok")}),
        "refused": len(refused),
        "refused_codes": sorted({a.get("error") for a in refused}),
        "min_retry_after": min((a.get("retry_after") or 0 for a in refused), default=None),
        "started": started,
        "send_seconds": round(sent_s, 3),
        "ack_seconds": round(acked_s, 3),
    }


if __name__ == "__main__":
    base_url, cookie_header, to_user, n = sys.argv[1:5]
    sockets = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    print(json.dumps(flood(base_url, cookie_header, to_user, int(n), sockets)), flush=True)
