"""Running blocking work without stalling the event loop (eventlet or gevent)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_blocking(fn: Callable[..., T], *args: object) -> T:
    """Run fn in a real OS thread when a green event loop is patched in (it keeps serving other
    sockets meanwhile), else inline. For work that releases the GIL: hashing, fsync, disk."""
    if "gevent" in sys.modules:
        from gevent import get_hub, monkey

        if monkey.is_module_patched("threading"):
            return get_hub().threadpool.apply(fn, args)
    if "eventlet" in sys.modules:
        from eventlet import patcher, tpool

        if patcher.is_monkey_patched("thread"):
            return tpool.execute(fn, *args)
    return fn(*args)
