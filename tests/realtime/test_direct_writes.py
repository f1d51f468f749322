"""Events written straight to an idle websocket (chat/realtime/direct_writes.py): at once, in
order, whole, and never held up by a client that stops reading."""

from __future__ import annotations

from tests.helpers import python_json

# Under eventlet in a fresh interpreter (it must patch the standard library first): a real
# Engine.IO socket on one end of a socket pair, read raw on the other end like a browser would.
SCRIPT = """
import eventlet
eventlet.monkey_patch()
import json, socket, struct, time
import engineio
from engineio import packet
from eventlet import patcher
from eventlet.greenio import GreenSocket
from eventlet.websocket import RFC6455WebSocket
from chat.realtime.direct_writes import DirectWriteSocket

os_socket = patcher.original("socket")  # as the server's accepted connections: OS sockets
server_end, client_end = os_socket.socketpair()  # under green ones
for s, option in ((server_end, socket.SO_SNDBUF), (client_end, socket.SO_RCVBUF)):
    s.setsockopt(socket.SOL_SOCKET, option, 4096)  # a client that stops reading soon blocks us
ws = RFC6455WebSocket(GreenSocket(server_end), {})
eio = DirectWriteSocket(engineio.Server(async_mode="eventlet"), "sid")
eventlet.spawn(eio._websocket_handler, ws)
eventlet.sleep(0.05)  # the writer green thread waits on its queue
client_end.setblocking(False)
buffered = b""

def frames():  # the text frames a browser has received so far (servers never mask)
    global buffered
    while True:
        try:
            chunk = client_end.recv(65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        buffered += chunk
    out = []
    while len(buffered) >= 2:
        size, at = buffered[1] & 0x7F, 2
        if size == 126:
            size, at = struct.unpack("!H", buffered[2:4])[0], 4
        elif size == 127:
            size, at = struct.unpack("!Q", buffered[2:10])[0], 10
        if len(buffered) < at + size:
            break
        out.append((buffered[0], buffered[at:at + size].decode()))
        buffered = buffered[at + size:]
    return out

def message(i, size=20):
    text = '2["new_message",{"seq":%d,"pad":"%s"}]' % (i, "x" * size)
    return packet.Packet(packet.MESSAGE, data=text)

result = {}
eio.send(message(1))  # no yield in between: only a direct write can be there already
result["at_once"] = frames()
eio.send(packet.Packet(packet.PING))  # pings keep the writer's queue alive
eio.send(message(1))  # behind the queued ping
result["behind_ping_at_once"] = frames()
eventlet.sleep(0.05)
result["behind_ping_later"] = frames()

started = time.monotonic()
for i in range(2, 202):  # ~2 MB to a client that reads nothing meanwhile
    eio.send(message(i, 10000))
result["send_seconds"] = time.monotonic() - started
received = []
deadline = time.monotonic() + 20
while len(received) < 200 and time.monotonic() < deadline:
    received += frames()
    eventlet.sleep(0.001)
result["slow_reader"] = [(opcode, json.loads(text[2:])[1]["seq"]) for opcode, text in received]
result["intact"] = all(text.endswith("x" * 10000 + '"}]') for _, text in received)

# A client that can no longer be written to (it still could write to us): the failed write
# closes the websocket, as python-engineio's own writer does.
gone_server, gone_client = os_socket.socketpair()
gone = DirectWriteSocket(engineio.Server(async_mode="eventlet"), "gone")
gone_ws = RFC6455WebSocket(GreenSocket(gone_server), {})
eventlet.spawn(gone._websocket_handler, gone_ws)
eventlet.sleep(0.05)
gone_client.shutdown(socket.SHUT_RD)
gone.send(message(1))
eventlet.sleep(0.05)
result["gone_closed"] = gone_ws.websocket_closed and gone_ws.socket.fd.fileno() == -1
print(json.dumps(result))
"""


def test_idle_socket_gets_events_at_once_in_order_and_never_blocks_the_sender() -> None:
    out = python_json(["-c", SCRIPT], timeout=60)
    # Written during send() itself, with no green thread switch: the direct path.
    assert out["at_once"] == [[0x81, '42["new_message",{"seq":1,"pad":"' + "x" * 20 + '"}]']]
    # A ping waits for the writer (queued), so a socket that only gets events directly is
    # still seen alive by it; an event sent meanwhile waits behind it, never overtakes it.
    assert out["behind_ping_at_once"] == []
    assert out["behind_ping_later"] == [[0x81, "2"], out["at_once"][0]]
    # 200 frames of 10 kB to a client that reads nothing while they are sent: the kernel
    # buffers take a few kB, the rest waits in the queue or with the frame's finisher, and
    # send() never blocks (the loop would deadlock here: nobody reads until it returns).
    assert out["send_seconds"] < 5
    assert out["slow_reader"] == [[0x81, seq] for seq in range(2, 202)]
    assert out["intact"] is True
    assert out["gone_closed"] is True
