"""An upload over MAX_UPLOAD_MB is refused by a real server (gunicorn + eventlet, as deployed)
before its body is read: the declared length alone gets 413 at once, and a body without a
length is cut off soon after it passes the limit."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlparse

from tests.files import image_bytes
from tests.outbox_client import sign_up

DECLARED = 50 * 1024 * 1024
SENT = 64 * 1024


def _request_head(url: str, session, path: str, framing: str) -> bytes:
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies if c.path == "/")
    host = urlparse(url).netloc
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookies}\r\n"
        f"X-CSRF-TOKEN: {session.cookies['csrf_access_token']}\r\n"
        "Content-Type: multipart/form-data; boundary=b0undary\r\n"
        f"{framing}\r\n\r\n"
    ).encode()


def _connect(url: str) -> socket.socket:
    parsed = urlparse(url)
    sock = socket.create_connection((parsed.hostname, parsed.port), timeout=10)
    sock.settimeout(10)
    return sock


def _status(sock: socket.socket) -> int:
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return int(head.split(b" ", 2)[1])


def test_a_declared_50_mb_upload_gets_413_without_its_body(live_server) -> None:
    session, _ = sign_up(live_server.url, "ann")
    path = "/api/conversations/1/attachments"
    sock = _connect(live_server.url)
    started = time.monotonic()
    sock.sendall(_request_head(live_server.url, session, path, f"Content-Length: {DECLARED}"))
    sock.sendall(b"--b0undary\r\n" + b"x" * SENT)  # 0.1 % of what it announced
    status = _status(sock)
    elapsed = time.monotonic() - started
    sock.close()
    print(f"\n413 after {elapsed * 1000:.0f} ms, {SENT // 1024} KiB of {DECLARED >> 20} MiB sent")
    assert status == 413
    assert elapsed < 2.0
    # The server goes on serving, uploads within the limit included.
    files = {"file": ("ok.png", image_bytes(), "image/png")}
    csrf = {"X-CSRF-TOKEN": session.cookies["csrf_access_token"]}
    response = session.post(live_server.url + path, files=files, headers=csrf, timeout=10)
    assert response.status_code == 404  # past the size check: no such conversation


def test_a_body_without_a_length_is_cut_off_past_the_limit(live_server_with) -> None:
    server = live_server_with(MAX_UPLOAD_MB="1")
    session, _ = sign_up(server.url, "ann")
    _, bob = sign_up(server.url, "bob")
    csrf = {"X-CSRF-TOKEN": session.cookies["csrf_access_token"]}
    body = {"to": bob["id"], "text": "hi", "client_id": "client-0001"}
    sent = session.post(server.url + "/api/messages", json=body, headers=csrf, timeout=10).json()
    path = f"/api/conversations/{sent['message']['conversation_id']}/attachments"
    sock = _connect(server.url)
    sock.sendall(_request_head(server.url, session, path, "Transfer-Encoding: chunked"))
    chunk = b"x" * (256 * 1024)
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    try:
        while sent < DECLARED:
            sock.sendall(frame)
            sent += len(chunk)
            sock.settimeout(0.001)
            try:
                if sock.recv(1, socket.MSG_PEEK):
                    break
            except (BlockingIOError, TimeoutError):
                pass
            sock.settimeout(10)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading and closed: refused
    sock.settimeout(10)
    print(f"\nstreamed {sent >> 10} KiB before the answer (limit 1 MiB)")
    assert sent < 8 * 1024 * 1024  # the limit plus what socket buffers hold
    assert _status(sock) == 413
    sock.close()
