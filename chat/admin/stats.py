"""Numbers for `flask stats`: counts from the store, online users from Redis when shared."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import redis

from ..realtime.online_directory import PREFIX
from ..storage import Store


@dataclass(frozen=True)
class Stats:
    users: int
    active_users: int
    conversations: int
    messages: int
    messages_today: int  # since 00:00 UTC
    online: int | None  # None: not knowable from here (no Redis)
    storage_bytes: int | None

    def as_dict(self) -> dict[str, int | None]:
        return asdict(self)


def collect(store: Store, presence: redis.Redis | None, now: datetime) -> Stats:
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return Stats(
        users=store.users.count(),
        active_users=store.users.count(active=True),
        conversations=store.conversations.count(),
        messages=store.messages.count(),
        messages_today=store.messages.count(since=midnight),
        online=count_online(presence) if presence is not None else None,
        storage_bytes=store.storage_size(),
    )


def count_online(client: redis.Redis) -> int:
    """Distinct users in the presence hashes of serving processes that are alive.

    Same layout as chat.realtime.online_directory: one hash of users per process, and a key
    that expires when the process stops renewing it (a dead process's users are not online).
    """
    online: set[bytes] = set()
    for key in client.scan_iter(match=f"{PREFIX}:users:*", count=500):
        process_id = key.decode().rsplit(":", 1)[1]
        if client.exists(f"{PREFIX}:alive:{process_id}"):
            online.update(field for field, _ in client.hscan_iter(key, count=1000))
    return len(online)


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"
