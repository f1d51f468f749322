"""Finding a user's messages by words: the blind index gives candidates, the decrypted text
has the last word (a token may collide, or be left from a text that changed meanwhile)."""

from __future__ import annotations

from ..conversations.access import require_reader
from ..conversations.service import views_of
from ..messages.views import message_views
from ..storage import Store
from .tokens import parse_query


def search_messages(
    store: Store,
    user_id: str,
    query: str,
    conversation_id: str | None,
    before: str | None,
    limit: int,
) -> dict[str, object]:
    """A page of the user's readable messages with every word of the query, newest first,
    each with its conversation as the list shows it; 404/403 for a conversation not theirs."""
    terms = parse_query(query)
    assert terms is not None, "validated by SearchQuery"
    if conversation_id is not None:
        require_reader(store.conversations.get(conversation_id), user_id)
    found = store.search.find(user_id, terms, conversation_id, before, limit)
    hits = [m for m in found if terms.match(m.text)]
    conversations = store.conversations.get_many(sorted({m.conversation_id for m in hits}))
    summaries = views_of(store, user_id, list(conversations.values()))
    messages = [
        {**view, "conversation": summaries[m.conversation_id]}
        for m, view in zip(hits, message_views(store, hits, user_id), strict=True)
        if m.conversation_id in summaries
    ]
    return {
        "messages": messages,
        "next_before": found[-1].id if len(found) == limit else None,
    }
