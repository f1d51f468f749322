"""GET /api/search: a user finds their own messages by words (case and accents ignored, the
last word a prefix), only where they may read, newest first, page by page."""

from __future__ import annotations

import pytest

from tests import backends
from tests.api.test_groups import Person, create, refused
from tests.api.test_send_round_trips import COUNTER
from tests.helpers import client_id


@pytest.fixture
def people(make_client):
    def make(*names: str) -> list[Person]:
        return [Person(*make_client(name)) for name in names]

    return make


def direct(a: Person, b: Person) -> str:
    response = a.call("POST", "/api/messages", {"to": b.id, "text": "hi", "client_id": client_id()})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["message"]["conversation_id"]


def search(person: Person, q: str, **params) -> dict:
    response = person.client.get("/api/search", query_string={"q": q, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def texts(person: Person, q: str, **params) -> list[str]:
    return [m["text"] for m in search(person, q, **params)["messages"]]


def test_words_prefix_case_and_accents(people) -> None:
    ann, bob = people("ann", "bob")
    conv = direct(ann, bob)
    ann.send(conv, "Rendez-vous au Café de Flore")
    bob.send(conv, "The café closes at NINE")
    ann.send(conv, "coffee then")
    assert texts(bob, "cafe") == ["The café closes at NINE", "Rendez-vous au Café de Flore"]
    assert texts(bob, "CAFÉ nine") == ["The café closes at NINE"]
    assert texts(ann, "café flo") == ["Rendez-vous au Café de Flore"]
    assert texts(ann, "cof") == ["coffee then"]
    assert texts(ann, "flo café") == []  # earlier words match whole words only
    hit = search(bob, "flore")["messages"][0]
    assert hit["conversation"]["id"] == conv and hit["conversation"]["other"]["id"] == ann.id
    assert hit["sender_id"] == ann.id and hit["seq"] == 2


def test_other_peoples_conversations_never_appear(people) -> None:
    ann, bob, eve = people("ann", "bob", "eve")
    ann_bob = direct(ann, bob)
    ann.send(ann_bob, "the vault code is orange")
    eve_bob = direct(eve, bob)
    eve.send(eve_bob, "orange juice")
    assert texts(eve, "orange") == ["orange juice"]
    assert texts(ann, "orange") == ["the vault code is orange"]
    assert len(texts(bob, "orange")) == 2
    refused(eve.client.get(f"/api/search?q=orange&conversation_id={ann_bob}"), 403, "not_a_member")
    unknown = eve.client.get("/api/search?q=orange&conversation_id=nope")
    refused(unknown, 404, "conversation_not_found")
    assert texts(bob, "orange", conversation_id=eve_bob) == ["orange juice"]


def test_a_removed_member_finds_only_what_came_before(people) -> None:
    ann, bob, cat = people("ann", "bob", "cat")
    group = create(ann, "Trip", bob, cat)["id"]
    ann.send(group, "budget draft one")
    assert ann.call("DELETE", f"/api/conversations/{group}/members/{cat.id}").status_code == 200
    ann.send(group, "budget draft two")
    assert texts(cat, "budget") == ["budget draft one"]
    assert texts(bob, "budget") == ["budget draft two", "budget draft one"]


def test_edits_and_deletions_show(people, connect) -> None:
    ann, bob = people("ann", "bob")
    conv = direct(ann, bob)
    first = ann.send(conv, "pizza on friday")
    second = ann.send(conv, "sushi on saturday")
    sock = connect(ann.client)
    ack = sock.emit("edit_message", {"message_id": first["id"], "text": "tacos on friday"},
                    callback=True)  # fmt: skip
    assert ack["ok"], ack
    assert sock.emit("delete_message", {"message_id": second["id"]}, callback=True)["ok"]
    assert texts(bob, "pizza") == []
    assert texts(bob, "tacos") == ["tacos on friday"]
    assert texts(bob, "sushi") == []
    assert texts(bob, "on") == ["tacos on friday"]


def test_pages_newest_first(people) -> None:
    ann, bob = people("ann", "bob")
    conv = direct(ann, bob)
    for i in range(5):
        ann.send(conv, f"note {i}")
    page = search(bob, "note", limit=2)
    assert [m["text"] for m in page["messages"]] == ["note 4", "note 3"]
    page = search(bob, "note", limit=2, before=page["next_before"])
    assert [m["text"] for m in page["messages"]] == ["note 2", "note 1"]
    page = search(bob, "note", limit=2, before=page["next_before"])
    assert [m["text"] for m in page["messages"]] == ["note 0"]
    assert page["next_before"] is None


@pytest.mark.parametrize(
    "query, field",
    [
        ("", "q"),
        ("q=", "q"),
        ("q=%21%3F", "q"),  # no letter or digit
        ("q=" + "a" * 201, "q"),
        ("q=ok&limit=0", "limit"),
        ("q=ok&limit=51", "limit"),
        ("q=ok&before=zz", "before"),
    ],
)
def test_bad_queries_get_a_clear_400(people, query: str, field: str) -> None:
    (ann,) = people("ann")
    body = refused(ann.client.get("/api/search?" + query), 400, "invalid_input")
    assert field in body["fields"]


def test_signed_out_gets_401(client) -> None:
    assert client.get("/api/search?q=hello").status_code == 401


@pytest.mark.parametrize("backend", [b for b in backends.selected() if b == "mongo"])
def test_a_search_costs_a_bounded_number_of_commands_on_mongo(people) -> None:
    """Two for the session (revocation, user), two for the search (the user's windows, one
    token query), four for the conversations as the list shows them (conversations, users,
    blocks both ways), one for the found messages' attachments, however many messages and
    conversations match."""
    ann, bob, cat = people("ann", "bob", "cat")
    for other in (bob, cat):
        conv = direct(ann, other)
        for i in range(3):
            ann.send(conv, f"status update {i}")
    commands = COUNTER.count(lambda: texts(ann, "status upd"))
    print(f"\nsearch: {commands}")
    assert len(commands) <= 9, commands
