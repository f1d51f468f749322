"""Running blocking work without stalling the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_blocking(fn: Callable[..., T], *args: object) -> T:
    """Run fn in a real OS thread when eventlet is patched in (the loop keeps serving other
    sockets meanwhile), else inline. For CPU work that releases the GIL, fsync, disk waits."""
    from eventlet import patcher, tpool

    if patcher.is_monkey_patched("thread"):
        return tpool.execute(fn, *args)
    return fn(*args)
