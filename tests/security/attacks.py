"""Payloads of the attack tests and the small world they attack: Ann wrote Bob one message."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient

from chat.storage import get_store
from tests.helpers import send_direct

# MongoDB query operators as a JSON client would smuggle them into a field.
OPERATORS: list[Any] = [
    {"$gt": ""},
    {"$ne": None},
    {"$where": "sleep(1000)"},
    {"$regex": ".*"},
    {"$in": ["ann", "bob"]},
    {"$exists": True},
    {"$expr": {"$eq": [1, 1]}},
    [{"$gt": ""}],
]

# Ids no record has: traversal, encodings, NUL, huge, look-alike digits, operators as text.
WEIRD_IDS: list[str] = [
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..\\..\\windows\\win.ini",
    "1%00",
    "1\x00",
    "x" * 5000,
    "1" * 400,
    "١٢",  # Arabic-Indic digits: str.isdigit() is true for them
    "１",  # a full-width one
    "0",
    "-1",
    "1e3",
    " 1",
    "😀",
    "000000000000000000000000",
    '{"$gt": ""}',
]


@dataclass
class World:
    """Ann (signed in, `ann`) wrote one message to Bob (signed in, `bob`), who answered."""

    app: Flask
    ann: FlaskClient
    bob: FlaskClient
    ann_id: str
    bob_id: str
    conversation_id: str
    message_id: str  # ann's
    bob_message_id: str


def make_world(app: Flask, make_client) -> World:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    sent = send_direct(ann, bob_user["id"], "hello")
    assert sent.status_code == 201, sent.get_json()
    answer = send_direct(bob, ann_user["id"], "hi")
    assert answer.status_code == 201, answer.get_json()
    message = sent.get_json()["message"]
    return World(
        app, ann, bob, ann_user["id"], bob_user["id"], message["conversation_id"], message["id"],
        answer.get_json()["message"]["id"],
    )  # fmt: skip


def snapshot(world: World) -> dict[str, Any]:
    """What either user, or an operator running `flask stats`, would see change."""
    with world.app.app_context():
        store = get_store()
        counts = (store.users.count(), store.conversations.count(), store.messages.count())
    views = {
        name: (
            client.get("/api/conversations").get_json(),
            client.get("/api/users/blocked").get_json(),
        )
        for name, client in (("ann", world.ann), ("bob", world.bob))
    }
    return {"counts": counts, "views": views}


def as_text(value: Any) -> str:
    """A payload as it would be typed into a URL: JSON for objects, percent-encoded."""
    return quote(value if isinstance(value, str) else json.dumps(value), safe="")


def names_field(answer: dict[str, Any], field: str) -> bool:
    """The error's field messages name `field` (or a part of it, as `cursors.$gt.value`)."""
    return any(key == field or key.startswith(field + ".") for key in answer.get("fields", {}))
