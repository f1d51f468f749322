"""Profile pictures: any image becomes a 256 px square without metadata, stored encrypted like
attachments, shown to every signed-in user; a new one replaces (and deletes) the old."""

from __future__ import annotations

import io

from PIL import Image

from chat.attachments import service as attachment_service
from chat.storage import get_store
from tests.files import image_bytes
from tests.helpers import csrf_headers


def set_avatar(client, data: bytes, name: str = "me.jpg"):
    return client.post(
        "/api/users/me/avatar",
        data={"file": (io.BytesIO(data), name)},
        headers=csrf_headers(client),
        content_type="multipart/form-data",
    )


def test_a_picture_is_cropped_square_stripped_and_shown_to_others(make_client, app) -> None:
    ann, _ = make_client("ann")
    cat, _ = make_client("cat")  # no conversation with ann: pictures are public to the signed-in
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0)}
    exif[0x010F] = "SpyCam"
    response = set_avatar(ann, image_bytes("JPEG", (800, 400), exif=exif))
    assert response.status_code == 200, response.get_json()
    user = response.get_json()["user"]
    assert user["avatar_url"].startswith("/api/avatars/")
    assert ann.get("/api/auth/me").get_json()["user"]["avatar_url"] == user["avatar_url"]
    shown = cat.get(user["avatar_url"])
    assert shown.status_code == 200 and shown.headers["Content-Type"] == "image/webp"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    picture = Image.open(io.BytesIO(shown.data))
    assert picture.size == (256, 256) and not picture.getexif()
    assert b"SpyCam" not in shown.data
    assert app.test_client().get(user["avatar_url"]).status_code == 401
    picture_id = user["avatar_url"].rsplit("/", 1)[1]
    for who in (ann, cat):  # a picture is no attachment of a conversation
        assert who.get(f"/api/attachments/{picture_id}").status_code == 404
    with app.app_context():  # an hour on, it is not an "unsent upload"
        store = get_store()
        store.attachments.delete_unsent(
            attachment_service.utcnow() + attachment_service.UNSENT_LIFETIME * 2
        )
    assert cat.get(user["avatar_url"]).status_code == 200


def test_a_new_picture_replaces_the_old_and_non_images_are_refused(make_client) -> None:
    ann, _ = make_client("ann")
    first = set_avatar(ann, image_bytes("PNG")).get_json()["user"]["avatar_url"]
    second = set_avatar(ann, image_bytes("WEBP")).get_json()["user"]["avatar_url"]
    assert first != second
    assert ann.get(first).status_code == 404 and ann.get(second).status_code == 200
    for data, name in ((b"<svg onload=alert(1)>", "x.svg"), (b"%PDF-1.4", "me.png")):
        refused = set_avatar(ann, data, name)
        assert refused.status_code == 400 and refused.get_json()["code"] == "not_an_image"
    assert ann.get("/api/auth/me").get_json()["user"]["avatar_url"] == second


def test_only_pictures_are_served_as_pictures(make_client) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    body = {"to": bob_user["id"], "text": "hi", "client_id": "client-0001"}
    conv = ann.post("/api/messages", json=body, headers=csrf_headers(ann)).get_json()
    conv_id = conv["message"]["conversation_id"]
    file = ann.post(
        f"/api/conversations/{conv_id}/attachments",
        data={"file": (io.BytesIO(image_bytes()), "private.png")},
        headers=csrf_headers(ann),
        content_type="multipart/form-data",
    ).get_json()["attachment"]
    assert bob.get(f"/api/avatars/{file['id']}").status_code == 404
