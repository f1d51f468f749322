"""Validation rules of the input schemas, without an app."""

from __future__ import annotations

import pytest

from chat.errors import ApiError
from chat.messages.schemas import HistoryQuery, SendMessageSchema
from chat.validation import load


def test_message_text_is_trimmed_and_bounded() -> None:
    data = load(SendMessageSchema(), {"to": "1", "text": "\n hi \t", "client_id": "abcdefgh"})
    assert data["text"] == "hi"
    with pytest.raises(ApiError) as err:
        load(SendMessageSchema(), {"to": "1", "text": " " + "x" * 4001, "client_id": "abcdefgh"})
    assert err.value.status == 400 and "text" in err.value.fields


def test_history_query_parses_numbers_from_strings() -> None:
    assert load(HistoryQuery(), {"before": "10", "limit": "5"}) == {"before": 10, "limit": 5}
    assert load(HistoryQuery(), {}) == {"before": None, "limit": 50}


def test_non_object_input_is_a_clear_error() -> None:
    with pytest.raises(ApiError, match="JSON object"):
        load(HistoryQuery(), ["before"])
