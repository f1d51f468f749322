"""Hostile uploads: whatever a file claims, it is typed by its bytes, never served as a page,
stripped of metadata when it is an image, refused when it would blow up, and unreadable at rest.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from chat.storage import get_store
from tests.files import image_bytes, png_claiming, send_files, upload, uploaded
from tests.helpers import client_id, csrf_headers
from tests.storage.test_encryption import raw_dump

SCRIPT = b"<script>alert(document.cookie)</script>"


@pytest.fixture
def chat(make_client):
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    body = {"to": bob_user["id"], "text": "hi", "client_id": client_id()}
    sent = ann.post("/api/messages", json=body, headers=csrf_headers(ann)).get_json()["message"]
    return ann, bob, sent["conversation_id"]


def delivered(ann, bob, conv: str, data: bytes, name: str):
    """Upload as ann, send, and download as bob: (attachment, bob's response)."""
    attachment = uploaded(ann, conv, data, name)
    assert send_files(ann, conv, [attachment["id"]]).status_code == 201
    return attachment, bob.get(attachment["url"])


def assert_download_only(response) -> None:
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_html_named_png_is_only_a_download(chat) -> None:
    ann, bob, conv = chat
    page = b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"
    attachment, response = delivered(ann, bob, conv, page, "cute-cat.png")
    assert attachment["content_type"] == "application/octet-stream"
    assert attachment["thumbnail_url"] is None and attachment["width"] is None
    assert_download_only(response)
    assert response.data == page  # the file is kept as sent, just never rendered


def test_svg_with_a_script_is_never_an_image(chat) -> None:
    ann, bob, conv = chat
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/>' + SCRIPT + b"</svg>"
    attachment, response = delivered(ann, bob, conv, svg, "logo.svg")
    assert attachment["content_type"] == "application/octet-stream"
    assert_download_only(response)
    assert "svg" not in response.headers["Content-Type"]


def test_a_polyglot_jpeg_loses_its_html(chat) -> None:
    ann, bob, conv = chat
    jpeg = bytearray(image_bytes("JPEG", (64, 48)))
    comment = b"<html>" + SCRIPT + b"</html>"  # in a COM segment and after the end too
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    polyglot = bytes(jpeg[:2]) + segment + bytes(jpeg[2:]) + comment
    attachment, response = delivered(ann, bob, conv, polyglot, "photo.html")
    assert attachment["content_type"] == "image/jpeg"
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"<script" not in response.data and b"<html" not in response.data
    assert Image.open(io.BytesIO(response.data)).size == (64, 48)


def test_exif_and_gps_are_stripped(chat) -> None:
    ann, bob, conv = chat
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Industries"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}  # GPS
    exif[0x0112] = 6  # Orientation: rotated; applied to the pixels, not kept
    photo = image_bytes("JPEG", (300, 200), exif=exif)
    assert b"SpyCam" in photo
    attachment, response = delivered(ann, bob, conv, photo, "IMG_0001.jpg")
    assert b"SpyCam" not in response.data and b"Exif" not in response.data
    image = Image.open(io.BytesIO(response.data))
    assert not image.getexif() and image.size == (200, 300)
    assert (attachment["width"], attachment["height"]) == (200, 300)


@pytest.mark.parametrize("size", [(6000, 6000), (40000, 40000)])
def test_decompression_bombs_are_refused_and_nothing_is_stored(chat, app, size) -> None:
    ann, _, conv = chat
    bomb = png_claiming(*size)
    assert len(bomb) < 1000
    response = upload(ann, conv, bomb, "small.png")
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["code"] == "image_too_large"
    with app.app_context():
        user_id = ann.get("/api/auth/me").get_json()["user"]["id"]
        assert get_store().attachments.used_bytes(user_id) == 0


def test_a_damaged_image_is_refused(chat) -> None:
    ann, _, conv = chat
    cut = image_bytes("PNG", (300, 300))[:200]
    response = upload(ann, conv, cut, "cut.png")
    assert response.status_code == 400 and response.get_json()["code"] == "invalid_image"


def test_an_empty_file_is_an_empty_download(chat) -> None:
    ann, bob, conv = chat
    attachment, response = delivered(ann, bob, conv, b"", "empty.txt")
    assert attachment["size"] == 0 and attachment["content_type"] == "application/octet-stream"
    assert response.status_code == 200 and response.data == b""
    assert_download_only(response)


def test_names_lose_paths_control_characters_and_excess(chat) -> None:
    ann, bob, conv = chat
    tricky = "../../etc/\x00pass\x07wd\u202egpj.exe"
    attachment, response = delivered(ann, bob, conv, b"x", tricky)
    assert attachment["name"] == "passwdgpj.exe"
    assert "/" not in response.headers["Content-Disposition"]
    long_name = "é" * 300 + ".pdf"
    named = uploaded(ann, conv, b"x", long_name)["name"]
    assert named.endswith(".pdf") and len(named.encode()) <= 255
    assert uploaded(ann, conv, b"x", "..")["name"] == "file"


def test_raw_database_and_data_directory_hold_no_file_bytes(chat, app, settings) -> None:
    ann, bob, conv = chat
    secret = b"QUARTERLY-NUMBERS-DO-NOT-LEAK " * 4000  # 120 KB: several chunks
    delivered(ann, bob, conv, secret, "numbers-for-the-board.txt")
    picture = Image.new("RGB", (120, 80))
    picture.putdata([(i % 251, 7, 99) for i in range(120 * 80)])
    raw = io.BytesIO()
    picture.save(raw, "PNG")
    _, shown = delivered(ann, bob, conv, raw.getvalue(), "diagram.png")
    pixels = shown.data[40:80]  # a run of the stored (re-encoded) image's compressed data
    files = b"".join(p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file())
    dump = raw_dump(settings) + files
    assert b"ann" in dump  # the dump is real
    for plain in (b"QUARTERLY-NUMBERS", b"numbers-for-the-board", b"diagram.png", pixels):
        assert plain not in dump
