"""Import a JSON Lines export into an empty store, batch by batch, mapping old ids to new ones.

Memory grows with the number of users and conversations (the id maps), never with messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..storage import StorageError, Store
from ..storage.models import Conversation
from . import AdminError, records
from .attachment_transfer import AttachmentLoader
from .records import Record

PARTIAL = "the store now holds a partial import: empty it before importing again"


class ImportFailed(AdminError):
    pass


@dataclass
class ImportReport:
    counts: dict[str, int]
    undecryptable: int = 0
    skipped_lines: int = 0  # before the header (log lines in a piped export)


@dataclass
class _Loader:
    store: Store
    batch: int
    user_ids: dict[str, str] = field(default_factory=dict)
    conversation_ids: dict[str, str] = field(default_factory=dict)
    pending: list[Any] = field(default_factory=list)
    kind: str = ""
    counts: dict[str, int] = field(default_factory=lambda: {f"{k}s": 0 for k in records.KINDS})
    undecryptable: int = 0
    touched: set[str] = field(default_factory=set)  # conversations that got messages
    attachments: AttachmentLoader | None = None

    def add(self, record: Record) -> None:
        if record["type"] in ("attachment", "attachment_part"):
            if self.attachments is None:  # after every message: they name theirs by seq
                self.flush()
                self.kind, self.attachments = "attachment", AttachmentLoader(self.store)
            self.attachments.add(record, self.user_ids, self.conversation_ids)
            return
        if record["type"] != self.kind:
            self.flush()
            self.kind = record["type"]
        self.pending.append(self._parse(record))
        if len(self.pending) >= self.batch:
            self.flush()

    def _parse(self, record: Record) -> Any:
        kind = record["type"]
        if kind == "user":
            return records.user_from(record)
        if kind == "conversation":
            conv = records.conversation_from(record)
            return (conv.id, self._moved_conversation(conv))
        if kind == "message":
            message = records.message_from(record)
            return replace(
                message,
                conversation_id=_mapped(self.conversation_ids, message.conversation_id),
                sender_id=_mapped(self.user_ids, message.sender_id),
                target_ids=tuple(_mapped(self.user_ids, t) for t in message.target_ids),
                mentions=tuple(_mapped(self.user_ids, u) for u in message.mentions),
                reactions={
                    e: tuple(_mapped(self.user_ids, u) for u in users)
                    for e, users in message.reactions.items()
                },
            )
        if kind == "revocation":
            return records.revocation_from(record)
        if kind == "block":
            blocker, blocked = records.block_from(record)
            return _mapped(self.user_ids, blocker), _mapped(self.user_ids, blocked)
        raise ValueError(f"unknown record type {kind!r}")

    def _moved_conversation(self, conv: Conversation) -> Conversation:
        return replace(
            conv,
            member_ids=tuple(_mapped(self.user_ids, m) for m in conv.member_ids),
            cursors={_mapped(self.user_ids, m): c for m, c in conv.cursors.items()},
            members={_mapped(self.user_ids, m): mm for m, mm in conv.members.items()},
        )

    def flush(self) -> None:
        items, self.pending = self.pending, []
        if not items:
            return
        if self.kind == "user":
            new_ids = self.store.users.insert_many(items)
            self.user_ids.update(zip((c.user.id for c in items), new_ids, strict=True))
        elif self.kind == "conversation":
            new_ids = self.store.conversations.insert_many([conv for _, conv in items])
            self.conversation_ids.update(zip((old for old, _ in items), new_ids, strict=True))
        elif self.kind == "message":
            self.undecryptable += self.store.messages.insert_sealed(items)
            self.touched.update(m.conversation_id for m in items)
        elif self.kind == "block":
            for blocker, blocked in items:
                self.store.blocks.block(blocker, blocked)
        else:
            for jti, expires_at in items:
                self.store.revocations.revoke(jti, expires_at)
        self.counts[self.kind + "s"] += len(items)

    def finish(self) -> None:
        """Flush, then set each conversation's last message once (not per batch)."""
        self.flush()
        if self.attachments is not None:
            self.attachments.finish()
            self.counts["attachments"] = self.attachments.count
        for conversation_id in self.touched:
            self.store.conversations.refresh_last_message(conversation_id)


def _mapped(ids: dict[str, str], old: str) -> str:
    if old not in ids:
        raise ValueError(f"refers to id {old!r}, which is not earlier in the file")
    return ids[old]


def load(store: Store, lines: Iterable[str], batch: int) -> ImportReport:
    """Import into an empty store; verify the counts of the end record against the store."""
    _refuse_non_empty(store)
    loader, report, end = _Loader(store, batch), ImportReport({}), None
    started = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if not started:  # lines before the header are log output of a piped export
            started = _is_header(line)
            report.skipped_lines += not started
            continue
        if end is not None:
            raise ImportFailed(f"line {number}: data after the end record")
        record = _json(line, number)
        if record.get("type") == "end":
            _run(number, loader.finish)
            end = record
        else:
            _run(number, loader.add, record)
    if not started:
        raise ImportFailed(f"not a chat export: no {records.FORMAT} header line")
    if end is None:
        raise ImportFailed(f"the file ends without its end record (cut short?); {PARTIAL}")
    report.counts, report.undecryptable = loader.counts, loader.undecryptable
    _verify(store, end.get("counts", {}), loader.counts)
    return report


def _is_header(line: str) -> bool:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return False
    if not isinstance(record, dict) or record.get("format") != records.FORMAT:
        return False
    if record.get("type") != "header" or record.get("version") not in records.READABLE:
        raise ImportFailed(f"unsupported export: {line.strip()[:200]}")
    return True


def _json(line: str, number: int) -> Record:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ImportFailed(f"line {number}: not JSON ({err.msg}); {PARTIAL}") from err
    if not isinstance(record, dict):
        raise ImportFailed(f"line {number}: not a JSON object; {PARTIAL}")
    return record


def _run(number: int, step: Callable[..., None], *args: Any) -> None:
    try:
        step(*args)
    except (KeyError, ValueError, TypeError) as err:
        raise ImportFailed(f"line {number}: bad record ({err!r}); {PARTIAL}") from err
    except StorageError as err:
        raise ImportFailed(f"near line {number}: {err}; {PARTIAL}") from err


def _held(store: Store) -> dict[str, int]:
    return {
        "users": store.users.count(),
        "conversations": store.conversations.count(),
        "messages": store.messages.count(),
    }


def _refuse_non_empty(store: Store) -> None:
    held = _held(store)
    if any(held.values()):
        found = ", ".join(f"{n} {k}" for k, n in held.items())
        raise ImportFailed(f"the store is not empty ({found}): import needs an empty store")


def _verify(store: Store, expected: dict[str, int], imported: dict[str, int]) -> None:
    if not imported.get("attachments") and "attachments" not in expected:
        imported = {k: v for k, v in imported.items() if k != "attachments"}  # older exports
    if imported != expected:
        raise ImportFailed(f"the file says {expected} but holds {imported}; {PARTIAL}")
    stored = _held(store)
    if any(stored[k] != expected.get(k) for k in stored):
        raise ImportFailed(f"the store holds {stored} after importing {expected}")
