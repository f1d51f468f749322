"""The blind index's words and tokens: folding, prefixes, caps, and what a query asks for."""

from __future__ import annotations

import os

from chat.crypto import KeyRing, key_id
from chat.search.tokens import (
    MAX_PREFIX,
    MAX_TOKENS,
    MIN_PREFIX,
    fold,
    message_tokens,
    parse_query,
    words,
)

KEY, OTHER_KEY = os.urandom(32), os.urandom(32)


def test_words_ignore_case_accents_and_punctuation() -> None:
    assert fold("Ångström ÉCOLE straße") == "angstrom ecole strasse"
    assert words("Rendez-vous: l'Été_2026, naïve CAFÉ!") == [
        "rendez", "vous", "l", "ete", "2026", "naive", "cafe"
    ]  # fmt: skip
    assert words("Hello, WORLD_2!") == ["hello", "world", "2"]  # ASCII takes a shortcut
    assert words("e\u0301te\u0301") == words("été") == ["ete"]  # decomposed or not


def test_a_message_is_found_by_its_words_and_prefixes_only_under_its_key() -> None:
    text = "Café closes at 9"
    tokens = set(message_tokens(KEY, text))
    for query in ("cafe", "CAFÉ", "caf", "closes", "clo", "cafe clo", "closes cafe", "at 9"):
        terms = parse_query(query)
        assert terms is not None and set(terms.tokens(KEY)) <= tokens, query
        assert terms.match(text), query
    for query in ("ca", "cafes", "a", "9 a"):  # too short to be a prefix, longer, not a word
        terms = parse_query(query)
        assert terms is not None and not set(terms.tokens(KEY)) <= tokens, query
    for query in ("clo cafe", "caf clo"):  # candidates by prefix; the text check refuses them
        terms = parse_query(query)
        assert terms is not None and set(terms.tokens(KEY)) <= tokens, query
        assert not terms.match(text), query


def test_long_words_share_their_capped_prefix_token() -> None:
    tokens = set(message_tokens(KEY, "internationalisation"))
    assert len(tokens) == MAX_PREFIX - MIN_PREFIX + 1  # "int" .. "intern", no word token
    for query in ("internationalisation", "internal", "Intern"):
        terms = parse_query(query)
        assert terms is not None and set(terms.tokens(KEY)) <= tokens, query
    internal = parse_query("internal")
    assert internal is not None and not internal.match("internationalisation")
    other = parse_query("cafe")
    assert other is not None and not set(other.tokens(OTHER_KEY)) & tokens


def test_tokens_are_sorted_64_bit_integers_and_capped() -> None:
    tokens = message_tokens(KEY, "zebra apple zebra mango")
    assert tokens == sorted(tokens) and len(tokens) == len(set(tokens))
    assert all(-(2**63) <= t < 2**63 for t in tokens)
    # zebra, apple, mango: their prefixes of 3..5 letters each, no word tokens
    assert len(tokens) == 3 * (5 - MIN_PREFIX + 1)
    long_text = " ".join(f"w{i:05d}" for i in range(2000))
    assert len(message_tokens(KEY, long_text)) == MAX_TOKENS
    assert message_tokens(KEY, "👍 !!") == []


def test_queries_and_the_check_on_decrypted_text() -> None:
    assert parse_query("  ?! ") is None
    terms = parse_query("Blue HÉRON da")
    assert terms is not None
    assert (terms.exact, terms.prefix) == (("blue", "heron"), "da")
    assert terms.match("a blue heron, at da") and not terms.match("blue heron at dawn")
    prefix = parse_query("blue her")
    assert prefix is not None and prefix.match("The BLUE Héron") and not prefix.match("blue")
    assert not prefix.match(None)
    long_prefix = parse_query("internationalisations")
    assert long_prefix is not None
    assert long_prefix.match("internationalisations") and not long_prefix.match("international")


def test_the_search_key_is_derived_from_each_message_key() -> None:
    old, new = os.urandom(32), os.urandom(32)
    ring = KeyRing(new, [old])
    current = ring.search_key(ring.current_id)
    assert current is not None and current not in (new, old)
    assert current == KeyRing(new).search_key(ring.current_id)  # the same after a restart
    assert ring.search_keys()[0] == current and len(set(ring.search_keys())) == 2
    assert ring.search_key(key_id(os.urandom(32))) is None
