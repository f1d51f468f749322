"""Files for attachment tests: images made on the spot, and uploading them as a client does."""

from __future__ import annotations

import io
import struct
import zlib

from flask.testing import FlaskClient
from PIL import Image

from tests.helpers import client_id, csrf_headers


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (640, 480), exif=None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 90))
    out = io.BytesIO()
    image.save(out, format=fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb's signature)."""
    data = bytearray(image_bytes("PNG", (8, 8)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def upload(client: FlaskClient, conversation_id: str, data: bytes, name: str = "photo.png"):
    return client.post(
        f"/api/conversations/{conversation_id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        headers=csrf_headers(client),
        content_type="multipart/form-data",
    )


def uploaded(client: FlaskClient, conversation_id: str, data: bytes, name: str = "f.png") -> dict:
    response = upload(client, conversation_id, data, name)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["attachment"]


def send_files(client: FlaskClient, conversation_id: str, ids: list[str], text: str = ""):
    body = {"conversation_id": conversation_id, "attachment_ids": ids, "client_id": client_id()}
    if text:
        body["text"] = text
    return client.post("/api/messages", json=body, headers=csrf_headers(client))
