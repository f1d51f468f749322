"""Which storage backends the suite runs against, and how to reach them."""

from __future__ import annotations

import os
import uuid

ALL = ("sqlite", "mongo")


def selected() -> tuple[str, ...]:
    """All backends unless CHAT_TEST_BACKENDS narrows them explicitly (never a silent skip)."""
    chosen = os.environ.get("CHAT_TEST_BACKENDS", ",".join(ALL))
    return tuple(b.strip() for b in chosen.split(",") if b.strip() in ALL)


def mongo_uri(database: str) -> str:
    base = os.environ.get("MONGO_TEST_URI")
    if not base:
        raise RuntimeError(
            "MONGO_TEST_URI is not set: start a MongoDB-protocol server (make test does, with "
            "FerretDB) or run with CHAT_TEST_BACKENDS=sqlite to leave MongoDB out on purpose"
        )
    return base.rstrip("/") + "/" + database


def fresh_database_name() -> str:
    return f"chat_test_{uuid.uuid4().hex[:12]}"
