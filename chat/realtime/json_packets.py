"""Socket.IO packets as our events are: JSON only, encoded with orjson.

python-socketio's default packet walks every payload in full, looking for bytes to send as
binary attachments, then encodes it with the standard library's json: for a sync page of 500
messages that walk was a fifth of the server's time and the encoding another tenth (py-spy).
Our events never carry bytes (files go over HTTP; packets.py refuses binary from clients), so
the walk is skipped: a payload that did hold bytes fails loudly in orjson instead of becoming a
binary packet no client of ours reads. Decoding stays the standard library's (the rules
incoming packets have always been parsed by).
"""

from __future__ import annotations

from typing import Any

import orjson
import socketio.packet

ENCODE_OPTIONS = orjson.OPT_NON_STR_KEYS  # as json.dumps: int keys become strings


class JsonPacket(socketio.packet.Packet):
    uses_binary_events = False  # no walk of the payload for bytes

    def encode(self) -> str:
        head = str(self.packet_type)
        if self.namespace is not None and self.namespace != "/":
            head += self.namespace + ","
        if self.id is not None:
            head += str(self.id)
        if self.data is None:
            return head
        return head + encode_json(self.data)


def encode_json(data: Any) -> str:
    """Compact JSON, non-ASCII kept as UTF-8 (the standard library escapes an emoji to 12
    bytes)."""
    return orjson.dumps(data, option=ENCODE_OPTIONS).decode()
