"""Attachments over HTTP: upload, send with a message, download, who may, limits, deletion."""

from __future__ import annotations

import io
import os
import tracemalloc
from datetime import timedelta

import pytest
from PIL import Image

from chat.attachments import service as attachment_service
from chat.storage import get_store
from chat.storage.models import utcnow
from tests.files import image_bytes, send_files, upload, uploaded
from tests.helpers import client_id, csrf_headers


@pytest.fixture
def pair(make_client):
    """ann and bob with a direct conversation (ann wrote first); cat is a stranger."""
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    cat, _ = make_client("cat")
    body = {"to": bob_user["id"], "text": "hi", "client_id": client_id()}
    sent = ann.post("/api/messages", json=body, headers=csrf_headers(ann)).get_json()["message"]
    return ann, bob, cat, sent["conversation_id"]


def test_an_image_is_sent_and_the_other_member_downloads_it(pair) -> None:
    ann, bob, _, conv = pair
    photo = uploaded(ann, conv, image_bytes("PNG", (640, 480)), "holiday.png")
    assert photo["content_type"] == "image/png" and (photo["width"], photo["height"]) == (640, 480)
    assert photo["name"] == "holiday.png" and photo["thumbnail_url"]
    response = send_files(ann, conv, [photo["id"]], "look")
    assert response.status_code == 201, response.get_json()
    assert [a["id"] for a in response.get_json()["message"]["attachments"]] == [photo["id"]]

    history = bob.get(f"/api/conversations/{conv}/messages").get_json()["messages"]
    assert history[-1]["text"] == "look"
    assert history[-1]["attachments"][0]["name"] == "holiday.png"
    assert history[0]["attachments"] == []
    full = bob.get(photo["url"])
    assert full.status_code == 200 and full.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(full.data)).size == (640, 480)
    assert full.headers["Content-Disposition"].startswith("inline;")
    assert full.headers["X-Content-Type-Options"] == "nosniff"
    assert full.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert full.headers["Cache-Control"].startswith("private")
    thumb = bob.get(photo["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/webp"
    assert max(Image.open(io.BytesIO(thumb.data)).size) == 320


def test_files_travel_over_the_socket_too_without_text(pair, connect) -> None:
    ann, bob, _, conv = pair
    files = [uploaded(ann, conv, b"%PDF-1.4 minutes", f"notes-{i}.pdf") for i in range(2)]
    bob_sock = connect(bob)
    ids = [f["id"] for f in reversed(files)]  # shown in upload order all the same
    body = {"conversation_id": conv, "attachment_ids": ids, "client_id": "c" * 12}
    ack = connect(ann).emit("send_message", body, callback=True)
    assert ack["ok"], ack
    assert ack["message"]["text"] == ""
    pushed = [m for m in bob_sock.get_received() if m["name"] == "new_message"]
    got = pushed[-1]["args"][0]["message"]["attachments"]
    assert [a["name"] for a in got] == ["notes-0.pdf", "notes-1.pdf"]
    assert got[0]["content_type"] == "application/octet-stream" and got[0]["size"] == 16
    assert got[0]["thumbnail_url"] is None
    download = bob.get(got[0]["url"])
    assert download.data == b"%PDF-1.4 minutes"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_a_resend_of_the_same_message_keeps_its_files(pair) -> None:
    ann, _, _, conv = pair
    photo = uploaded(ann, conv, image_bytes())
    body = {"conversation_id": conv, "attachment_ids": [photo["id"]], "client_id": client_id()}
    first = ann.post("/api/messages", json=body, headers=csrf_headers(ann)).get_json()
    again = ann.post("/api/messages", json=body, headers=csrf_headers(ann))
    assert again.status_code == 201
    assert again.get_json()["message"]["id"] == first["message"]["id"]
    assert [a["id"] for a in again.get_json()["message"]["attachments"]] == [photo["id"]]


def test_bad_attachment_ids_are_refused_and_nothing_is_stored(pair, make_client) -> None:
    ann, bob, _, conv = pair
    mine = uploaded(ann, conv, b"mine", "a.txt")
    bobs = uploaded(bob, conv, b"bob's", "b.txt")
    before = ann.get(f"/api/conversations/{conv}/messages").get_json()["messages"]
    for ids in ([bobs["id"]], [mine["id"], "f" * 24], [mine["id"], bobs["id"]]):
        response = send_files(ann, conv, ids, "with files")
        assert response.status_code == 400, response.get_json()
        assert response.get_json()["code"] == "invalid_attachments"
    for ids in ([], [mine["id"]] * 2, [f"{i:024x}" for i in range(11)]):
        response = send_files(ann, conv, ids)
        assert response.status_code == 400 and response.get_json()["code"] == "invalid_input"
    bob_id = bob.get("/api/auth/me").get_json()["user"]["id"]
    by_user = {"to": bob_id, "attachment_ids": [mine["id"]], "client_id": client_id()}
    response = ann.post("/api/messages", json=by_user, headers=csrf_headers(ann))
    assert response.status_code == 400 and "conversation_id" in response.get_json()["fields"]
    assert ann.get(f"/api/conversations/{conv}/messages").get_json()["messages"] == before
    assert send_files(ann, conv, [mine["id"]]).status_code == 201  # still unclaimed: usable
    refused = send_files(ann, conv, [mine["id"]])  # sent already
    assert refused.status_code == 400 and refused.get_json()["code"] == "invalid_attachments"


def test_a_refused_send_gives_the_files_back(pair, make_client) -> None:
    ann, bob, _, conv = pair
    photo = uploaded(ann, conv, image_bytes())
    bob_id = bob.get("/api/auth/me").get_json()["user"]["id"]
    bob.put(f"/api/users/{ann.get('/api/auth/me').get_json()['user']['id']}/block",
            headers=csrf_headers(bob))  # fmt: skip
    assert send_files(ann, conv, [photo["id"]]).status_code == 403
    bob.delete(f"/api/users/{ann.get('/api/auth/me').get_json()['user']['id']}/block",
               headers=csrf_headers(bob))  # fmt: skip
    assert bob_id
    assert send_files(ann, conv, [photo["id"]]).status_code == 201


def test_only_readers_of_the_message_get_its_files(pair) -> None:
    ann, bob, cat, conv = pair
    photo = uploaded(ann, conv, image_bytes())
    assert ann.get(photo["url"]).status_code == 200  # the uploader, before sending
    for outsider in (bob, cat):  # unsent: not even the other member
        assert outsider.get(photo["url"]).status_code == 404
    send_files(ann, conv, [photo["id"]])
    assert bob.get(photo["url"]).status_code == 200
    for path in (photo["url"], photo["thumbnail_url"], "/api/attachments/" + "0" * 24):
        response = cat.get(path)
        assert response.status_code == 404 and response.get_json()["code"] == "attachment_not_found"
    assert upload(cat, conv, image_bytes()).status_code == 404
    assert upload(ann, "123456", image_bytes()).status_code == 404


def test_a_removed_member_keeps_files_from_before_their_removal(make_client) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    cat, cat_user = make_client("cat")
    body = {"title": "Club", "member_ids": [bob_user["id"], cat_user["id"]]}
    gid = ann.post("/api/conversations", json=body, headers=csrf_headers(ann)).get_json()[
        "conversation"
    ]["id"]
    before = uploaded(ann, gid, b"before", "before.txt")
    send_files(ann, gid, [before["id"]])
    ann.delete(f"/api/conversations/{gid}/members/{cat_user['id']}", headers=csrf_headers(ann))
    after = uploaded(ann, gid, b"after", "after.txt")
    send_files(ann, gid, [after["id"]])
    assert cat.get(before["url"]).data == b"before"
    assert cat.get(after["url"]).status_code == 404
    assert upload(cat, gid, b"x").status_code == 404


def test_deleting_the_message_deletes_its_files(pair, app, connect) -> None:
    ann, bob, _, conv = pair
    photo = uploaded(ann, conv, image_bytes())
    message = send_files(ann, conv, [photo["id"]]).get_json()["message"]
    assert bob.get(photo["url"]).status_code == 200
    ack = connect(ann).emit("delete_message", {"message_id": message["id"]}, callback=True)
    assert ack["ok"], ack
    assert ack["message"]["deleted"] and ack["message"]["attachments"] == []
    for who in (ann, bob):
        assert who.get(photo["url"]).status_code == 404
        assert who.get(photo["thumbnail_url"]).status_code == 404
    with app.app_context():
        assert get_store().attachments.get_many([photo["id"]]) == {}
    assert not [p for p in (app.config["DATA_DIR"] / "attachments").rglob(photo["id"] + "*")]


def test_uploads_not_sent_within_an_hour_are_removed(pair, app, monkeypatch) -> None:
    ann, _, _, conv = pair
    sent = uploaded(ann, conv, b"sent", "s.txt")
    send_files(ann, conv, [sent["id"]])
    unsent = uploaded(ann, conv, b"unsent", "u.txt")
    with app.app_context():
        assert attachment_service.remove_unsent(get_store()) == 0
        later = utcnow() + timedelta(hours=1, seconds=1)
        monkeypatch.setattr(attachment_service, "utcnow", lambda: later)
        assert attachment_service.remove_unsent(get_store()) == 1
    assert ann.get(unsent["url"]).status_code == 404
    assert ann.get(sent["url"]).data == b"sent"


@pytest.fixture
def small_limits(settings):
    settings.max_upload_mb = 1
    settings.upload_quota_mb = 2
    return settings


def test_too_big_and_over_quota_uploads_are_refused(small_limits, make_client, pair) -> None:
    ann, _, _, conv = pair
    over = upload(ann, conv, b"x" * (1024 * 1024 + 1), "big.bin")
    assert over.status_code == 413 and over.get_json()["code"] == "file_too_large"
    for _ in range(2):
        uploaded(ann, conv, b"x" * (1024 * 1024 - 10), "ok.bin")
    refused = upload(ann, conv, b"x" * 100, "one-more.bin")
    assert refused.status_code == 400 and refused.get_json()["code"] == "quota_exceeded"


def test_an_upload_needs_the_csrf_header_and_a_file(pair) -> None:
    ann, _, _, conv = pair
    no_csrf = ann.post(
        f"/api/conversations/{conv}/attachments",
        data={"file": (io.BytesIO(b"x"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert no_csrf.status_code == 403, no_csrf.get_json()
    no_file = ann.post(
        f"/api/conversations/{conv}/attachments",
        data={"other": "x"},
        headers=csrf_headers(ann),
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 400 and no_file.get_json()["code"] == "invalid_input"


def test_a_10_mb_upload_is_held_in_memory_once(pair) -> None:
    """The request body (the test client's copy) and the server's one in-memory copy: nothing
    more, while it is checked, encrypted in chunks and stored."""
    ann, _, _, conv = pair
    data = os.urandom(10 * 1024 * 1024 - 4096)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = upload(ann, conv, data, "big.bin")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 201, response.get_json()
    print(f"\npeak {peak / 2**20:.1f} MiB for a {len(data) / 2**20:.1f} MiB upload")
    assert peak < 2 * len(data) + 4 * 1024 * 1024  # a third copy would be 30 MiB
