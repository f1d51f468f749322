"""`flask export` / `flask import` on the backend under test: an exact copy, or a clear refusal."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from chat import create_app
from chat.config import Settings
from chat.crypto import new_key
from tests.files import image_bytes, send_files, uploaded
from tests.helpers import PASSWORD, client_id, csrf_headers, signup

from .population import app_store, key_of, populate, settings_for
from .snapshots import snapshot


@pytest.fixture
def target(settings: Settings, backend: str, tmp_path: Path):
    """A second app on the same backend with an empty store and the source's message key."""
    made = settings_for(backend, tmp_path / "target", settings)
    app = create_app(replace(made, message_key=key_of(settings)))
    yield app
    app_store(app).drop_all()
    app_store(app).close()


def export_to(app: Flask, path: Path, *extra: str) -> None:
    result = app.test_cli_runner().invoke(args=["export", str(path), *extra])
    assert result.exit_code == 0, result.output


def test_export_import_copies_everything(app: Flask, target: Flask, tmp_path: Path) -> None:
    populate(app)
    path = tmp_path / "chat.jsonl"
    export_to(app, path, "--batch-size", "4")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["type"] == "header" and lines[-1]["type"] == "end"
    counts = {"users": 6, "conversations": 4, "messages": 37, "revocations": 1, "blocks": 2}
    counts["attachments"] = 0
    assert lines[-1]["counts"] == counts
    assert "ann→bob" not in path.read_text()  # no plain text in an export

    result = target.test_cli_runner().invoke(args=["import", str(path), "--batch-size", "5"])
    assert result.exit_code == 0, result.output
    assert "imported 6 users, 4 conversations, 37 messages, 1 revocations" in result.output
    assert snapshot(app_store(target)) == snapshot(app_store(app))
    client = target.test_client()
    response = client.post("/api/auth/login", json={"username": "ann", "password": PASSWORD})
    assert response.status_code == 200


def test_export_to_stdout_and_import_from_stdin(app: Flask, target: Flask) -> None:
    populate(app)
    exported = app.test_cli_runner().invoke(args=["export", "-"])
    assert exported.exit_code == 0
    assert "exported 6 users" in exported.stderr and "exported 6" not in exported.stdout
    logs = 'a log line printed before the export\n{"levelname": "INFO", "message": "ready"}\n'
    piped = logs + exported.stdout
    result = target.test_cli_runner().invoke(args=["import", "-"], input=piped)
    assert result.exit_code == 0, result.output
    assert "skipped 2 line(s) before the header" in result.output
    assert snapshot(app_store(target)) == snapshot(app_store(app))


def test_import_refuses_a_store_that_is_not_empty(app: Flask, tmp_path: Path) -> None:
    populate(app)
    path = tmp_path / "chat.jsonl"
    export_to(app, path)
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "the store is not empty (6 users, 4 conversations, 37 messages)" in result.output


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda lines: lines[:-1], "ends without its end record"),
        (lambda lines: lines[:-2] + lines[-1:], "the file says"),
        (lambda lines: lines[1:], "not a chat export: no chat-export header line"),
        (
            lambda lines: [lines[0].replace('"version":3', '"version":99'), *lines[1:]],
            "unsupported",
        ),
        (lambda lines: lines[:3] + ["{oops"] + lines[3:], "line 4: not JSON"),
        (lambda lines: lines + ['{"type": "user"}'], "data after the end record"),
        (lambda lines: [lines[0], lines[-3], lines[-1]], "not earlier in the file"),
    ],
)
def test_import_names_what_is_wrong_with_a_file(
    app: Flask, target: Flask, tmp_path: Path, cut, message: str
) -> None:
    populate(app)
    path = tmp_path / "chat.jsonl"
    export_to(app, path)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(cut(path.read_text().splitlines())) + "\n")
    result = target.test_cli_runner().invoke(args=["import", str(broken)])
    assert result.exit_code == 1
    assert message in result.output, result.output


def test_import_without_the_message_key_fails_loudly(
    app: Flask, settings: Settings, backend: str, tmp_path: Path
) -> None:
    populate(app)
    path = tmp_path / "chat.jsonl"
    export_to(app, path)
    made = settings_for(backend, tmp_path / "keyless", settings)
    keyless = create_app(replace(made, message_key=new_key()))
    try:
        result = keyless.test_cli_runner().invoke(args=["import", str(path)])
        assert result.exit_code == 1
        assert "imported 6 users" in result.output
        assert "37 message(s) cannot be decrypted with the configured keys" in result.output
    finally:
        app_store(keyless).drop_all()
        app_store(keyless).close()


def test_attachments_travel_encrypted_and_stay_on_their_messages(
    app: Flask, target: Flask, tmp_path: Path
) -> None:
    ann, bob = app.test_client(), app.test_client()
    signup(ann, "ann")
    bob_id = signup(bob, "bob")["id"]
    body = {"to": bob_id, "text": "hi", "client_id": client_id()}
    conv = ann.post("/api/messages", json=body, headers=csrf_headers(ann)).get_json()["message"]
    conv_id = conv["conversation_id"]
    photo = uploaded(ann, conv_id, image_bytes("PNG", (100, 50)), "secret-plan.png")
    notes = uploaded(ann, conv_id, b"MEETING NOTES " * 10_000, "notes.txt")  # several chunks
    assert send_files(ann, conv_id, [photo["id"], notes["id"]], "both").status_code == 201
    unsent = uploaded(ann, conv_id, b"draft", "draft.txt")
    picture = ann.post(
        "/api/users/me/avatar",
        data={"file": (io.BytesIO(image_bytes()), "me.png")},
        headers=csrf_headers(ann),
        content_type="multipart/form-data",
    ).get_json()["user"]["avatar_url"]
    path = tmp_path / "chat.jsonl"
    export_to(app, path)
    text = path.read_text()
    assert "MEETING NOTES" not in text and "secret-plan" not in text
    assert json.loads(text.splitlines()[-1])["counts"]["attachments"] == 4

    result = target.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 attachments" in result.output
    reader = target.test_client()
    reader.post("/api/auth/login", json={"username": "bob", "password": PASSWORD})
    history = reader.get(f"/api/conversations/{_only_conversation(target)}/messages").get_json()
    files = history["messages"][-1]["attachments"]
    assert [f["name"] for f in files] == ["secret-plan.png", "notes.txt"]
    assert reader.get(files[1]["url"]).data == b"MEETING NOTES " * 10_000
    assert reader.get(files[0]["thumbnail_url"]).status_code == 200
    owner = target.test_client()
    owner.post("/api/auth/login", json={"username": "ann", "password": PASSWORD})
    assert owner.get(unsent["url"]).data == b"draft"
    assert owner.get("/api/auth/me").get_json()["user"]["avatar_url"] == picture
    assert reader.get(picture).headers["Content-Type"] == "image/webp"


def _only_conversation(app: Flask) -> str:
    (conversation,) = app_store(app).conversations.scan(None, 10)
    return conversation.id
