"""Running a storage operation over every message, one batch at a time (keyset by id)."""

from __future__ import annotations

import time
from collections.abc import Callable

import click

from ..storage.models import ResealProgress


def run_batches(step: Callable[[str | None], ResealProgress], pause: float) -> tuple[int, int]:
    """Call step(after) until it says it is done, pausing between batches so a live app keeps
    its share of the database; (done, failed) over all batches."""
    after, done, failed = None, 0, 0
    while True:
        progress = step(after)
        done, failed = done + progress.resealed, failed + progress.failed
        if progress.next_after is None:
            return done, failed
        after = progress.next_after
        time.sleep(pause)


def fail_if_undecryptable(failed: int, files_failed: int = 0) -> None:
    """A non-zero exit when some messages or attachments could not be opened (the log says
    which)."""
    if failed or files_failed:
        what = f"{failed} message(s)" + (
            f" and {files_failed} attachment(s)" if files_failed else ""
        )
        raise click.ClickException(
            f"{what} could not be decrypted: is an old key missing from "
            "MESSAGE_ENCRYPTION_OLD_KEYS? (details in the log)"
        )
