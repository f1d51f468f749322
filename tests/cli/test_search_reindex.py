"""`flask search reindex`: messages stored before the index existed become findable."""

from __future__ import annotations

from chat.search.tokens import parse_query
from chat.storage import get_store
from tests.storage.test_search_index import forget_tokens


def test_reindex_backfills_older_messages(app, settings) -> None:
    terms = parse_query("backfill")
    assert terms is not None
    with app.app_context():
        store = get_store()
        ann, bob = store.users.create("ann", "Ann", "h"), store.users.create("bob", "Bob", "h")
        conv = store.conversations.get_or_create_direct(ann.id, bob.id)
        for i in range(5):
            store.messages.send(conv.id, ann.id, f"backfill {i}", f"client-{i:04d}")
        forget_tokens(store, settings)
        assert store.search.find(bob.id, terms, None, None, 10) == []

    result = app.test_cli_runner().invoke(args=["search", "reindex", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "indexed 5 message(s); 0 could not be decrypted" in result.output
    with app.app_context():
        found = get_store().search.find(bob.id, terms, None, None, 10)
    assert [m.text for m in found] == [f"backfill {i}" for i in reversed(range(5))]
