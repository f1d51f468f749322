"""The blind index: words folded (case, accents), then keyed HMACs of the words and of their
prefixes, so the store can find a message by equality without holding one word of it.

A token is the first 8 bytes of HMAC-SHA256(search key, kind + word), read as a signed 64-bit
integer: it fits an SQLite INTEGER and a BSON int64 exactly (compact, compared as numbers). Two
different words share a token with probability 2^-64 per pair; the service checks every match
against the decrypted text anyway, so a collision can never show a wrong message, it only
costs a decryption. Longer tokens would only grow the index.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MIN_PREFIX = 3  # "he" would match half of all messages: a leak of little use, many postings
# Longer words and prefixes share their 6-character token; the text check tells them apart.
# Every posting is a random B-tree insert (SQLite) or multikey entry (MongoDB) on each send:
# capping at 6 instead of 20, and finding words of 3+ characters by that prefix token rather
# than a token of their own, cuts the tokens of a typical message by 40 % (53 -> 32
# for a 15-word sentence) at the price of a few more candidates checked on longer query words.
MAX_PREFIX = 6
MAX_TOKENS = 400  # per message; a 4,000-character message keeps its words, maybe not all prefixes
MAX_QUERY_WORDS = 8

WORD = re.compile(r"[^\W_]+")
_WORD_KIND, _PREFIX_KIND = b"w\0", b"p\0"


def fold(text: str) -> str:
    """Case- and accent-insensitive form: casefold, NFKD, combining marks removed."""
    if text.isascii():  # most messages: nothing to decompose, casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def words(text: str) -> list[str]:
    """The folded words of a text, in order (split on anything not a letter or digit)."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=16)
def _keyed(key: bytes) -> hmac.HMAC:
    """The HMAC state after the key: copying it skips re-keying for every token (-20 %)."""
    return hmac.new(key, digestmod=hashlib.sha256)


def _token(key: bytes, kind: bytes, word: str) -> int:
    mac = _keyed(key).copy()
    mac.update(kind + word.encode())
    return int.from_bytes(mac.digest()[:8], "big", signed=True)


def _term(word: str) -> tuple[bytes, str]:
    """How a whole word is looked up: a short one by itself, a longer one by its (capped)
    prefix token, which every message holding the word has."""
    if len(word) < MIN_PREFIX:
        return _WORD_KIND, word
    return _PREFIX_KIND, word[:MAX_PREFIX]


def message_tokens(key: bytes, text: str) -> list[int]:
    """The tokens a message is found by: its words shorter than MIN_PREFIX, and the prefixes
    of MIN_PREFIX..MAX_PREFIX characters of the others; at most MAX_TOKENS, sorted (no trace
    of word order). Messages indexed before the cap also hold word tokens and longer
    prefixes: harmless, as queries ask only for these."""
    distinct = list(dict.fromkeys(words(text)))
    short = [(_WORD_KIND, w) for w in distinct if len(w) < MIN_PREFIX]
    prefixes = dict.fromkeys(
        w[:n] for w in distinct for n in range(MIN_PREFIX, min(len(w), MAX_PREFIX) + 1)
    )
    terms = [*short, *((_PREFIX_KIND, p) for p in prefixes)][:MAX_TOKENS]
    return sorted({_token(key, kind, w) for kind, w in terms})


@dataclass(frozen=True)
class SearchTerms:
    """What a query asks for: every word exactly, and the last one as a prefix."""

    exact: tuple[str, ...]
    prefix: str

    def tokens(self, key: bytes) -> list[int]:
        """One token per term, the likely rarest (the longest) first: a store walks its
        postings and checks the others. A prefix shorter than MIN_PREFIX is a whole word."""
        terms = [_term(w) for w in (*self.exact, self.prefix)]
        terms.sort(key=lambda t: (-len(t[1]), t[0] != _WORD_KIND))
        return list(dict.fromkeys(_token(key, kind, w) for kind, w in terms))

    def match(self, text: str | None) -> bool:
        """Whether a decrypted text has every term (the check after the index)."""
        if text is None:
            return False
        found = set(words(text))
        if not all(w in found for w in self.exact):
            return False
        if len(self.prefix) < MIN_PREFIX:
            return self.prefix in found
        return any(w.startswith(self.prefix) for w in found)


def parse_query(query: str) -> SearchTerms | None:
    """The terms of a typed query (at most MAX_QUERY_WORDS words); None when it has no word."""
    found = list(dict.fromkeys(words(query)))[-MAX_QUERY_WORDS:]
    if not found:
        return None
    *exact, last = found
    return SearchTerms(tuple(w for w in exact if w != last), last)
