"""Export a whole store as JSON Lines, page by page (memory stays flat however big it is)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TextIO, TypeVar

from ..storage import Store
from . import attachment_transfer, records
from .records import Record

T = TypeVar("T")


def _pages(fetch: Callable[[Any], list[T]], key: Callable[[T], Any]) -> Iterator[T]:
    """Every item of a keyset-paged scan."""
    after = None
    while page := fetch(after):
        yield from page
        after = key(page[-1])


def _items(store: Store, batch: int) -> Iterator[Record]:
    for creds in _pages(lambda a: store.users.scan(a, batch), lambda c: c.user.id):
        yield records.user_record(creds)
    for conv in _pages(lambda a: store.conversations.scan(a, batch), lambda c: c.id):
        yield records.conversation_record(conv)
    for message in _pages(lambda a: store.messages.scan_sealed(a, batch), lambda m: m.id):
        yield records.message_record(message)
    for jti, expires in _pages(lambda a: store.revocations.scan(a, batch), lambda r: r[0]):
        yield records.revocation_record(jti, expires)
    for blocker, blocked in _pages(lambda a: store.blocks.scan(a, batch), lambda b: b):
        yield records.block_record(blocker, blocked)
    yield from attachment_transfer.export_records(store, batch)


def stream(store: Store, batch: int, now: datetime) -> Iterator[Record]:
    """Header, users, conversations, messages, revocations, blocks, attachments (each followed
    by its parts), then the end record."""
    counts = {f"{kind}s": 0 for kind in records.KINDS}
    yield records.header(now)
    for record in _items(store, batch):
        if record["type"] in records.KINDS:
            counts[record["type"] + "s"] += 1
        yield record
    yield {"type": "end", "counts": counts}


def write(store: Store, out: TextIO, batch: int, now: datetime) -> dict[str, int]:
    """Write the export to out; the counts of the end record."""
    last: Record = {}
    for record in stream(store, batch, now):
        out.write(json.dumps(record, separators=(",", ":")) + "\n")
        last = record
    out.flush()
    return last["counts"]
