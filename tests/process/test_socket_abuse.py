"""Attacks on the real server process (the Procfile's command): a message flood, 2,000
unauthenticated sockets, idle and half-sent requests, Engine.IO sessions that never connect the
namespace, and the per-address socket cap behind a proxy."""

from __future__ import annotations

import asyncio
import base64
import os
import queue
import resource
import socket
import threading
import time
import uuid
from pathlib import Path

import engineio
import pytest
import requests
import socketio

from tests.helpers import PASSWORD, masked_text_frame, python_json
from tests.live import LiveServer

FORWARDED = "X-Forwarded-For"
HONEST_PAIRS = 5
HONEST_INTERVAL_S = 0.5  # per user: ~12 in the run, under the default 20 per 10 s
FLOOD_EVENTS = 5000
FLOOD_WINDOW_S = 1.5  # measured from its start: at least this long, however soon it is refused
# Measured here (2 shared cores), of the ~30 others' messages in the window: 9 in 10 within
# 28-130 ms, the slowest 28-145 ms (12 runs, both stores); 200-400 ms while every refusal wrote a
# log line (chat/realtime/refusal_log.py); 2.4 s when the reader did not yield between one
# client's frames (chat/realtime/admission.py). With ~30 samples a p99 is the slowest one: the
# bound is on the 9 in 10, and the slowest has its own.
HONEST_P90_BOUND_MS = 250
HONEST_SLOWDOWN = 3  # or at most 3x their p90 before the flood, when that is already slow
HONEST_MAX_MS = 1000
UNAUTHENTICATED_SOCKETS = 2000
BATCH = 250
# Measured +64 MB: ~1,000 silent sessions held at once (about 60 KB each) while the others come
# and go; without the deadline and the close on refusal all 2,000 stay (+96 MB, and growing).
RSS_GROWTH_BOUND_MB = 90
KEEP_ALIVE_BOUND_S = 4.0  # the Procfile's --keep-alive 2, plus margin for a busy machine


def sign_up_from(url: str, username: str, address: str) -> tuple[requests.Session, dict]:
    """Sign up through a proxy that reports `address` as the client's."""
    session = requests.Session()
    session.headers[FORWARDED] = address
    body = {"full_name": username.title(), "username": username, "password": PASSWORD}
    response = session.post(
        url + "/api/auth/signup", json={**body, "confirm_password": PASSWORD}, timeout=10
    )
    assert response.status_code == 201, response.text
    return session, response.json()["user"]


def cookie_of(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def open_socket(url: str, session: requests.Session | None, address: str) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    headers = {FORWARDED: address, "Cookie": cookie_of(session) if session else ""}
    client.connect(url, headers=headers, transports=["websocket"], wait_timeout=10)
    return client


def worker_pid(server: LiveServer) -> int:
    assert server.process is not None
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def memory_mb(pid: int) -> dict[str, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def p99(values: list[float]) -> float:
    return quantile(values, 0.99)


def p90(values: list[float]) -> float:
    return quantile(values, 0.9)


# ---------------------------------------------------------------- a message flood


class HonestUser:
    """Sends to its partner at a steady pace; times each message until the partner has it."""

    def __init__(self, url: str, session: requests.Session, user: dict, address: str) -> None:
        self.user = user
        self.sock = open_socket(url, session, address)
        self.sock.on("new_message", self._on_new_message)
        self.sent_at: dict[str, float] = {}  # shared by a pair: text → when it was sent
        self.latencies: list[tuple[float, float]] = []  # (sent at, seconds until received)
        self.failed_acks: list[dict] = []

    def _on_new_message(self, data: dict) -> None:
        sent = self.sent_at.get(data["message"]["text"])
        if sent is not None and data["message"]["sender_id"] != self.user["id"]:
            self.latencies.append((sent, time.monotonic() - sent))

    def talk(self, partner: HonestUser, stop: threading.Event) -> None:
        while not stop.is_set():
            text = f"{self.user['username']} {uuid.uuid4().hex}"
            partner.sent_at[text] = time.monotonic()
            self.sock.emit(
                "send_message",
                {"to": partner.user["id"], "text": text, "client_id": uuid.uuid4().hex},
                callback=lambda ack: None if ack.get("ok") else self.failed_acks.append(ack),
            )
            stop.wait(HONEST_INTERVAL_S)


def run_flood(url: str, session: requests.Session, to: str) -> dict:
    """The attacker, in its own process."""
    args = ["-m", "tests.process.flood_client", url, cookie_of(session), to, str(FLOOD_EVENTS)]
    return python_json(args, timeout=120)


def test_a_message_flood_is_limited_without_slowing_other_users(live_server_with, capsys) -> None:
    # The product's default limits.
    server = live_server_with(RATELIMIT_ENABLED="true", PROXY_HOPS="1")
    mallory_session, _ = sign_up_from(server.url, "mallory", "203.0.113.66")
    victor_session, victor = sign_up_from(server.url, "victor", "203.0.113.67")
    honest = []
    for i in range(2 * HONEST_PAIRS):
        address = f"198.51.100.{i + 1}"
        honest.append(
            HonestUser(server.url, *sign_up_from(server.url, f"user{i}", address), address)
        )
    stop = threading.Event()
    threads = [
        threading.Thread(target=user.talk, args=(honest[i ^ 1], stop))
        for i, user in enumerate(honest)
    ]
    try:
        for t in threads:
            t.start()
        time.sleep(1.5)
        flood = run_flood(server.url, mallory_session, victor["id"])
        time.sleep(1.0)
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    time.sleep(1.0)  # the last messages arrive
    for user in honest:
        user.sock.disconnect()

    window = (flood["started"], flood["started"] + max(flood["ack_seconds"], FLOOD_WINDOW_S))
    during = [
        lat for user in honest for sent, lat in user.latencies if window[0] <= sent <= window[1]
    ]
    before = [lat for user in honest for sent, lat in user.latencies if sent < window[0]]
    every = [lat for user in honest for _, lat in user.latencies]
    sent = sum(len(user.sent_at) for user in honest)
    accepted = len(flood["accepted_ids"])
    with capsys.disabled():
        print(
            f"\nflood: attacker sent {flood['sent']} in {flood['send_seconds']}s, all acked in "
            f"{flood['ack_seconds']}s: {accepted} accepted, {flood['refused']} refused; others: "
            f"{len(during)} messages during the flood, p90 {p90(during) * 1000:.0f} ms, "
            f"max {max(during) * 1000:.0f} ms (before it p90 {p90(before) * 1000:.0f} ms, "
            f"whole run p99 {p99(every) * 1000:.0f} ms)"
        )

    assert [u.failed_acks for u in honest] == [[]] * len(honest)  # nobody else was limited
    assert len(every) == sent, "an honest message never arrived"
    assert len(during) >= 20, "the flood was over before it could be measured"
    # A machine busy with other work slows everyone, flood or not: then the bound is relative.
    assert len(before) >= 10, "nobody talked before the flood"
    assert p90(during) * 1000 < max(HONEST_P90_BOUND_MS, HONEST_SLOWDOWN * p90(before) * 1000)
    assert max(during) * 1000 < HONEST_MAX_MS
    # Refused with the limit's error and a wait; accepted only as many as the limit allows
    # ("20 per 10 seconds": 20 per window the flood touched), and those alone were stored.
    assert flood["acked"] == FLOOD_EVENTS
    assert flood["refused_codes"] == ["rate_limited"] and flood["min_retry_after"] >= 1
    allowed = 20 * (1 + int(flood["ack_seconds"] // 10))
    assert 20 <= accepted <= allowed
    [conversation] = flood["conversation_ids"]
    page = victor_session.get(
        f"{server.url}/api/conversations/{conversation}/messages?limit=100", timeout=10
    ).json()
    assert sorted(m["id"] for m in page["messages"]) == sorted(flood["accepted_ids"])


# ---------------------------------------------------------------- 2,000 unauthenticated sockets


async def read_text(reader: asyncio.StreamReader) -> str | None:
    """The next text frame from the server; None when it closes."""
    while True:
        head = await reader.readexactly(2)
        length = head[1] & 0x7F
        if length == 126:
            length = int.from_bytes(await reader.readexactly(2), "big")
        elif length == 127:
            length = int.from_bytes(await reader.readexactly(8), "big")
        payload = await reader.readexactly(length)
        opcode = head[0] & 0x0F
        if opcode == 0x8:
            return None
        if opcode == 0x1:
            return payload.decode()


async def unauthenticated(
    port: int, address: str, ask: bool, gate: asyncio.Semaphore
) -> tuple[str, float]:
    """Handshake without a cookie, ask for the namespace (or stay silent), then hold on until the
    server closes: (the server's first answer, seconds it kept the connection). `gate` bounds the
    handshakes in flight; held sockets do not count against it."""
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        opened = time.monotonic()
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n{FORWARDED}: {address}\r\n\r\n".encode()
        )
        status = (await reader.readuntil(b"\r\n\r\n")).split()[1].decode()
        if status != "101":
            writer.close()
            return f"http {status}", time.monotonic() - opened
        assert (await read_text(reader) or "").startswith("0")  # Engine.IO open
        if ask:
            writer.write(masked_text_frame("40"))  # Socket.IO connect to "/"
    try:
        answer = (await read_text(reader) or "closed")[:2]  # "44": CONNECT_ERROR; "1": close
        while await reader.read(4096):  # hold the session, as an attacker would
            pass
    except (asyncio.IncompleteReadError, ConnectionError):
        answer = "closed"
    writer.close()
    return answer, time.monotonic() - opened


async def open_many(port: int, count: int) -> list[tuple[str, float]]:
    """count sockets, each from its own address (a botnet: no per-address cap applies), opened
    BATCH at a time and all held; even ones ask for the namespace, odd ones stay silent."""
    gate = asyncio.Semaphore(BATCH)
    address = [f"10.9.{i // 256}.{i % 256}" for i in range(count)]
    sockets = (unauthenticated(port, address[i], i % 2 == 0, gate) for i in range(count))
    return await asyncio.wait_for(asyncio.gather(*sockets), 60)


def raise_fd_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def test_2000_unauthenticated_sockets_are_refused_and_memory_stays_bounded(
    live_server_with, capsys
) -> None:
    raise_fd_limit(UNAUTHENTICATED_SOCKETS + 500)
    server = live_server_with(PROXY_HOPS="1")
    worker = worker_pid(server)
    ann_session, _ = sign_up_from(server.url, "ann", "203.0.113.1")
    bob_session, bob = sign_up_from(server.url, "bob", "203.0.113.2")
    open_socket(server.url, ann_session, "203.0.113.1").disconnect()  # warm the socket path
    before = memory_mb(worker)
    started = time.monotonic()

    results = asyncio.run(open_many(server.port, UNAUTHENTICATED_SOCKETS))

    took = time.monotonic() - started
    after = memory_mb(worker)
    growth = after["VmRSS"] - before["VmRSS"]
    asked, silent = results[0::2], results[1::2]
    with capsys.disabled():
        print(
            f"\n{UNAUTHENTICATED_SOCKETS} unauthenticated sockets in {took:.1f}s: asked "
            f"{sorted({a for a, _ in asked})} held <= {max(h for _, h in asked):.1f}s, silent "
            f"{sorted({a for a, _ in silent})} held <= {max(h for _, h in silent):.1f}s; worker "
            f"RSS {before['VmRSS']:.0f} -> {after['VmRSS']:.0f} MB, peak {after['VmHWM']:.0f} MB"
        )
    assert {answer for answer, _ in asked} == {"44"}  # Socket.IO's CONNECT_ERROR, ...
    assert max(held for _, held in asked) < 3  # ... then closed at once
    assert {answer for answer, _ in silent} == {"1"}  # Engine.IO's close, ...
    assert max(held for _, held in silent) < 5 + 3  # ... at the 5 s connect deadline
    assert growth < RSS_GROWTH_BOUND_MB
    assert server.process is not None and server.process.poll() is None
    assert worker_pid(server) == worker  # the same worker: it never died
    ann = open_socket(server.url, ann_session, "203.0.113.1")
    bob_sock = open_socket(server.url, bob_session, "203.0.113.2")
    got: queue.Queue = queue.Queue()
    bob_sock.on("new_message", got.put)
    ack = ann.call(
        "send_message", {"to": bob["id"], "text": "still here", "client_id": uuid.uuid4().hex}
    )
    assert ack["ok"] is True
    assert got.get(timeout=10)["message"]["text"] == "still here"
    ann.disconnect()
    bob_sock.disconnect()


# ---------------------------------------------------------------- handshake timeouts


def closed_after(port: int, first: bytes, dribble: bytes = b"") -> float:
    """Seconds until the server closes a connection that sent `first`, then `dribble` every
    half second (a slowloris keeps sending a little, so an idle timer alone would not do)."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(0.5)
        started = time.monotonic()
        conn.sendall(first)
        while time.monotonic() - started < 30:
            try:
                if conn.recv(4096) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                if dribble:
                    try:
                        conn.sendall(dribble)
                    except OSError:  # closed under us
                        return time.monotonic() - started
            except ConnectionResetError:
                return time.monotonic() - started
    return float("inf")


def test_idle_and_half_sent_requests_are_closed_within_seconds(live_server, capsys) -> None:
    port = live_server.port
    idle = closed_after(port, b"")
    half = closed_after(port, b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n")
    slowloris = closed_after(port, b"GET /api/auth/me HTTP/1.1\r\nHost: x\r\n", b"X-a: b\r\n")
    with capsys.disabled():
        print(
            f"\nclosed after: idle {idle:.1f}s, half a request {half:.1f}s, drip {slowloris:.1f}s"
        )
    assert idle < KEEP_ALIVE_BOUND_S
    assert half < KEEP_ALIVE_BOUND_S
    assert slowloris < KEEP_ALIVE_BOUND_S
    assert requests.get(live_server.url + "/api/auth/me", timeout=5).status_code == 401


def test_a_session_without_namespace_connect_is_closed(live_server_with, settings) -> None:
    server = live_server_with(SOCKET_CONNECT_TIMEOUT="2")
    closed: dict[str, float] = {}
    started = time.monotonic()

    def engineio_client(name: str) -> engineio.Client:
        """Answers pings like any client library, so only our deadline can end it."""
        client = engineio.Client()
        client.on("disconnect", lambda *_: closed.setdefault(name, time.monotonic() - started))
        client.connect(server.url, transports=["websocket"], engineio_path="socket.io")
        return client

    silent = engineio_client("silent")  # never asks for the namespace
    refused = engineio_client("refused")
    answers: queue.Queue = queue.Queue()
    refused.on("message", answers.put)
    refused.send("0")  # Socket.IO CONNECT without a cookie: refused, but the session stays
    assert answers.get(timeout=5).startswith("4")  # CONNECT_ERROR
    session, _ = sign_up_from(server.url, "ann", "127.0.0.1")
    signed_in = open_socket(server.url, session, "127.0.0.1")
    while len(closed) < 2 and time.monotonic() - started < 10:
        time.sleep(0.05)
    time.sleep(1)

    assert set(closed) == {"silent", "refused"}
    assert 1.5 < closed["silent"] < 4  # at the deadline
    assert closed["refused"] < 1.5  # at once: no second try on the same session
    assert signed_in.connected  # a connected socket outlives the deadline
    signed_in.disconnect()
    for client in (silent, refused):
        client.disconnect()


# ---------------------------------------------------------------- sockets per address


def test_sockets_per_address_are_capped_by_the_forwarded_client_address(live_server_with) -> None:
    server = live_server_with(PROXY_HOPS="1", MAX_SOCKETS_PER_ADDRESS="2")
    session, _ = sign_up_from(server.url, "ann", "203.0.113.7")
    office, home = "203.0.113.7", "198.51.100.9"
    # Every connection comes from the proxy (127.0.0.1): were it the key, the third would fail.
    first = [open_socket(server.url, session, office) for _ in range(2)]
    second = [open_socket(server.url, session, home) for _ in range(2)]
    with pytest.raises(socketio.exceptions.ConnectionError):
        open_socket(server.url, session, office)
    # A client cannot pick its key: the proxy appends the real address, the one counted.
    with pytest.raises(socketio.exceptions.ConnectionError):
        open_socket(server.url, session, f"192.0.2.55, {office}")
    # Sessions that never authenticate count too: two from a third address fill its place.
    lurkers = [engineio.Client() for _ in range(2)]
    for lurker in lurkers:
        lurker.connect(
            server.url,
            headers={FORWARDED: "192.0.2.1"},
            transports=["websocket"],
            engineio_path="socket.io",
        )
    with pytest.raises(socketio.exceptions.ConnectionError):
        open_socket(server.url, session, "192.0.2.1")
    for lurker in lurkers:
        lurker.disconnect()
    first[0].disconnect()
    time.sleep(0.2)
    replacement = open_socket(server.url, session, office)  # a closed socket frees its place
    assert replacement.connected
    for sock in (first[1], *second, replacement):
        sock.disconnect()
