"""MongoDB operators in every field of every socket event: an error ack naming the field, and
nothing stored. Events come from the guarded-handler registry, so a new event is attacked too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chat.realtime.events import (
    DELETE_MESSAGE,
    DELIVERED,
    EDIT_MESSAGE,
    GUARDED,
    REACT,
    READ,
    SEND_MESSAGE,
    SYNC,
    TYPING,
)
from tests.helpers import client_id

from .attacks import OPERATORS, World, make_world, names_field, snapshot

# A payload each event accepts from Bob, so an error can only come from the replaced field.
VALID_PAYLOADS: dict[str, Callable[[World], dict[str, Any]]] = {
    SEND_MESSAGE: lambda w: {"to": w.ann_id, "text": "hi", "client_id": client_id()},
    SYNC: lambda w: {"cursors": {w.conversation_id: 0}, "limit": 10},
    DELIVERED: lambda w: {"conversation_id": w.conversation_id, "seq": 1},
    READ: lambda w: {"conversation_id": w.conversation_id, "seq": 1},
    TYPING: lambda w: {"conversation_id": w.conversation_id},
    EDIT_MESSAGE: lambda w: {"message_id": w.bob_message_id, "text": "edited"},
    REACT: lambda w: {"message_id": w.message_id, "emoji": "👍", "on": True},
    DELETE_MESSAGE: lambda w: {"message_id": w.bob_message_id},
}


@pytest.fixture
def world(app, make_client) -> World:
    return make_world(app, make_client)


@pytest.fixture
def bob_socket(world, connect):
    """Bob's socket; he has one unread message from Ann, so read/delivered could move."""
    sock = connect(world.bob)
    assert sock.is_connected()
    sock.get_received()
    return sock


def test_operator_in_any_socket_event_field_gets_an_error_ack_naming_it(world, bob_socket) -> None:
    before, failures = snapshot(world), []
    for event in GUARDED:
        assert event in VALID_PAYLOADS, f"add a valid {event} payload to VALID_PAYLOADS"
        for field in VALID_PAYLOADS[event](world):
            for operator in OPERATORS:
                payload = {**VALID_PAYLOADS[event](world), field: operator}
                ack = bob_socket.emit(event, payload, callback=True)
                if ack.get("error") != "invalid_input" or not names_field(ack, field):
                    failures.append((event, field, operator, ack))
    assert failures == []
    assert snapshot(world) == before
    assert bob_socket.get_received() == []  # Ann got no receipt either: nothing was sent


def test_operator_as_a_sync_cursor_key_is_an_unknown_conversation(world, bob_socket) -> None:
    for key in ("$where", "$gt", '{"$ne": null}', "this.password"):
        ack = bob_socket.emit(SYNC, {"cursors": {key: 0}}, callback=True)
        assert ack["ok"] is False and ack["error"] == "conversation_not_found", (key, ack)


def test_operator_object_as_the_whole_event_payload_is_refused(world, bob_socket) -> None:
    before = snapshot(world)
    for event in GUARDED:
        for operator in OPERATORS:
            ack = bob_socket.emit(event, operator, callback=True)
            assert ack["ok"] is False and ack["error"] == "invalid_input", (event, operator, ack)
    assert snapshot(world) == before


def test_the_valid_payloads_are_accepted_so_each_refusal_is_the_attacks(world, bob_socket):
    for event in GUARDED:
        ack = bob_socket.emit(event, VALID_PAYLOADS[event](world), callback=True)
        assert ack["ok"] is True, (event, ack)
