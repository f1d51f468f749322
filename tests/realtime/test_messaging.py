"""send_message over Socket.IO: auth from the cookie, acks after the write, fan-out, bad input."""

from __future__ import annotations

import pytest

from chat.extensions import socketio
from tests.helpers import client_id, received


def history(client, conversation_id: str) -> list[dict]:
    return client.get(f"/api/conversations/{conversation_id}/messages").get_json()["messages"]


def test_socket_without_session_is_refused(app, client) -> None:
    sock = socketio.test_client(app, flask_test_client=client)
    assert not sock.is_connected()


def test_socket_with_forged_cookie_is_refused(app, client) -> None:
    client.set_cookie("access_token_cookie", "not.a.jwt")
    assert not socketio.test_client(app, flask_test_client=client).is_connected()
    assert not socketio.test_client(app, query_string="userId=1").is_connected()


def test_send_acks_stored_message_and_receiver_gets_it_live(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_sock, bob_sock = connect(ann), connect(bob)
    received(bob_sock)

    ack = ann_sock.emit(
        "send_message",
        {"to": bob_user["id"], "text": "  hello bob  ", "client_id": client_id()},
        callback=True,
    )
    assert ack["ok"] is True
    message = ack["message"]
    assert message["text"] == "hello bob" and message["sender_id"] == ann_user["id"]
    assert message["seq"] == 1

    assert received(bob_sock)["new_message"] == [{"message": message}]
    assert history(bob, message["conversation_id"]) == [message]
    listed = bob.get("/api/conversations").get_json()["conversations"]
    assert listed[0]["other"]["id"] == ann_user["id"]


def test_every_tab_of_the_receiver_and_the_senders_other_tabs_get_it(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_tab1, ann_tab2 = connect(ann), connect(ann)
    bob_tab1, bob_tab2 = connect(bob), connect(bob)
    for sock in (ann_tab1, ann_tab2, bob_tab1, bob_tab2):
        received(sock)
    ack = ann_tab1.emit(
        "send_message",
        {"to": bob_user["id"], "text": "hi", "client_id": client_id()},
        callback=True,
    )
    for sock in (ann_tab2, bob_tab1, bob_tab2):
        assert received(sock)["new_message"] == [{"message": ack["message"]}]
    assert "new_message" not in received(ann_tab1)  # the sender's tab has the ack


def test_sender_is_the_session_user_whatever_the_payload_says(make_client, connect) -> None:
    _, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    eve, _ = make_client("eve")
    forged = {
        "to": bob_user["id"],
        "text": "from ann",
        "client_id": client_id(),
        "sender_id": ann_user["id"],
    }
    ack = connect(eve).emit("send_message", forged, callback=True)
    assert ack["ok"] is False and "sender_id" in ack["fields"]
    assert bob.get("/api/conversations").get_json()["conversations"] == []


def test_resend_with_same_client_id_stores_one_message(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_sock, bob_sock = connect(ann), connect(bob)
    received(bob_sock)
    payload = {"to": bob_user["id"], "text": "once", "client_id": client_id()}
    first = ann_sock.emit("send_message", payload, callback=True)
    second = ann_sock.emit("send_message", payload, callback=True)
    assert first == second and first["ok"]
    assert len(history(bob, first["message"]["conversation_id"])) == 1
    assert len(received(bob_sock)["new_message"]) == 1


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"text": "hi"}, "invalid_input"),
        ({"text": ""}, "invalid_input"),
        ({"text": " \n\t "}, "invalid_input"),
        ({"text": "x" * 4001}, "invalid_input"),
        ({"text": 12}, "invalid_input"),
        ({"text": None}, "invalid_input"),
        ({"client_id": "short"}, "invalid_input"),
        ({"client_id": "has spaces in it"}, "invalid_input"),
        ({"to": "no-such-user"}, "user_not_found"),
        ({"to": ["a", "b"]}, "invalid_input"),
        ({"extra": {"nested": True}}, "invalid_input"),
    ],
)
def test_bad_send_gets_error_ack_and_stores_nothing(make_client, connect, payload, error) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    bob_sock = connect(bob)
    received(bob_sock)
    full = {"to": bob_user["id"], "text": "hi", "client_id": client_id(), **payload}
    if payload.get("text") == "hi":
        full.pop("to")
    ack = connect(ann).emit("send_message", full, callback=True)
    assert ack["ok"] is False and ack["error"] == error and ack["message"]
    assert "new_message" not in received(bob_sock)
    assert bob.get("/api/conversations").get_json()["conversations"] == []


@pytest.mark.parametrize("payload", [None, "text", 42, ["to", "text"]])
def test_non_object_payload_gets_error_ack(make_client, connect, payload) -> None:
    ann, _ = make_client("ann")
    ack = connect(ann).emit("send_message", payload, callback=True)
    assert ack == {"ok": False, "error": "invalid_input", "message": "Expected a JSON object"}


def test_text_of_exactly_4000_characters_is_accepted(make_client, connect) -> None:
    ann, _ = make_client("ann")
    _, bob_user = make_client("bob")
    text = "é" * 4000
    ack = connect(ann).emit(
        "send_message",
        {"to": bob_user["id"], "text": text, "client_id": client_id()},
        callback=True,
    )
    assert ack["ok"] and ack["message"]["text"] == text


def test_messaging_yourself_is_refused(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    ack = connect(ann).emit(
        "send_message",
        {"to": ann_user["id"], "text": "me", "client_id": client_id()},
        callback=True,
    )
    assert ack["ok"] is False and "to" in ack["fields"]
