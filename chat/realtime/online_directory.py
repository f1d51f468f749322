"""Who is online across server processes, kept in Redis.

Each process records the users it has sockets for in its own hash and proves it is alive with a
key that expires unless renewed. When a process dies (kill -9), its key expires, and whichever
process reaps it first reports that process's users offline (those not online elsewhere), so a
crash or restart never leaves ghosts online.
"""

from __future__ import annotations

import logging
import uuid

import redis

log = logging.getLogger(__name__)

PREFIX = "chat:presence"
ALIVE_SECONDS = 15  # a dead process's users go offline within this plus one reap interval
REAP_EVERY_SECONDS = 5


class RedisDirectory:
    def __init__(self, client: redis.Redis, process_id: str | None = None) -> None:
        self._r = client
        self.process_id = process_id or uuid.uuid4().hex
        self._users_key = self._users(self.process_id)

    @staticmethod
    def _users(process_id: str) -> str:
        return f"{PREFIX}:users:{process_id}"

    @staticmethod
    def _alive(process_id: str) -> str:
        return f"{PREFIX}:alive:{process_id}"

    def heartbeat(self) -> None:
        pipe = self._r.pipeline()
        pipe.set(self._alive(self.process_id), 1, ex=ALIVE_SECONDS)
        pipe.sadd(f"{PREFIX}:processes", self.process_id)
        pipe.expire(self._users_key, ALIVE_SECONDS * 4)
        pipe.execute()

    def _processes(self) -> tuple[list[str], list[str]]:
        """(live processes, dead ones not reaped yet)."""
        ids = sorted(p.decode() for p in self._r.smembers(f"{PREFIX}:processes"))
        pipe = self._r.pipeline()
        for p in ids:
            pipe.exists(self._alive(p))
        alive = pipe.execute()
        live = [p for p, ok in zip(ids, alive, strict=True) if ok or p == self.process_id]
        return live, [p for p in ids if p not in live]

    def online_among(self, user_ids: list[str], skip_self: bool = False) -> list[str]:
        if not user_ids:
            return []
        live, _ = self._processes()
        pipe = self._r.pipeline()
        for p in live:
            if not (skip_self and p == self.process_id):
                pipe.hmget(self._users(p), user_ids)
        online: set[str] = set()
        for values in pipe.execute():
            online.update(u for u, v in zip(user_ids, values, strict=True) if v is not None)
        return [u for u in user_ids if u in online]

    def user_connected(self, user_id: str) -> bool:
        """This process now has the user; True if they were online nowhere before."""
        elsewhere = self.online_among([user_id], skip_self=True)
        self._r.hset(self._users_key, user_id, 1)
        self.heartbeat()
        return not elsewhere

    def user_disconnected(self, user_id: str) -> bool:
        """This process no longer has the user; True if they are now online nowhere."""
        self._r.hdel(self._users_key, user_id)
        return not self.online_among([user_id])

    def reap(self) -> list[str]:
        """Forget dead processes; the users who went offline with them."""
        _, dead = self._processes()
        gone: list[str] = []
        for p in dead:
            if not self._r.set(f"{PREFIX}:reaping:{p}", self.process_id, nx=True, ex=30):
                continue  # another process is on it
            users = [u.decode() for u in self._r.hkeys(self._users(p))]
            self._r.delete(self._users(p))
            self._r.srem(f"{PREFIX}:processes", p)
            still_online = set(self.online_among(users))
            gone += [u for u in users if u not in still_online]
            log.info("reaped dead process=%s users=%d offline=%d", p, len(users), len(gone))
        return gone

    def leave(self) -> None:
        """A clean shutdown: drop this process's users and liveness at once."""
        pipe = self._r.pipeline()
        pipe.delete(self._users_key, self._alive(self.process_id))
        pipe.srem(f"{PREFIX}:processes", self.process_id)
        pipe.execute()
