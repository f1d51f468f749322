"""`flask search reindex`: messages stored before the index existed become findable."""

from __future__ import annotations

from chat.search.tokens import parse_query
from chat.storage import get_store
from tests.storage.test_search_index import forget_tokens

from .population import app_store, direct_chat, populate
from .test_transfer import export_to, target  # noqa: F401 (a fixture)


def test_reindex_backfills_older_messages(app, settings) -> None:
    terms = parse_query("backfill")
    assert terms is not None
    with app.app_context():
        store = get_store()
        _, bob, _ = direct_chat(store, [f"backfill {i}" for i in range(5)])
        forget_tokens(store, settings)
        assert store.search.find(bob.id, terms, None, None, 10) == []

    result = app.test_cli_runner().invoke(args=["search", "reindex", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "indexed 5 message(s); 0 could not be decrypted" in result.output
    with app.app_context():
        found = get_store().search.find(bob.id, terms, None, None, 10)
    assert [m.text for m in found] == [f"backfill {i}" for i in reversed(range(5))]


def test_an_imported_store_is_searchable(app, target, tmp_path) -> None:  # noqa: F811
    """Exports carry no tokens: import builds them from the texts under the target's keys."""
    populate(app)
    path = tmp_path / "chat.jsonl"
    export_to(app, path)
    assert '"search"' not in path.read_text()
    result = target.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    store = app_store(target)
    ann = store.users.credentials("ann")
    terms = parse_query("ann bob")
    assert ann is not None and terms is not None
    found = store.search.find(ann.user.id, terms, None, None, 50)
    assert found and all(terms.match(m.text) for m in found)
    assert len(found) == len(app_store(app).search.find(
        app_store(app).users.credentials("ann").user.id, terms, None, None, 50))  # fmt: skip
