"""`flask search reindex`: build the blind index of every stored message."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..admin.batches import fail_if_undecryptable, run_batches
from ..admin.options import batch_option
from ..storage import get_store

search = AppGroup("search", help="The search index of messages.")


@search.command("reindex")
@batch_option
@click.option("--pause", default=0.05, show_default=True, help="Seconds between batches.")
def reindex(batch_size: int, pause: float) -> None:
    """Build the search tokens of every message from its text.

    Run once after upgrading from a version without search (messages stored before are not
    found until then); new, edited and re-encrypted messages are indexed as they are written.
    Safe to run while the app serves traffic, and to run again.
    """
    store = get_store()
    indexed, failed = run_batches(lambda a: store.search.reindex_batch(a, batch_size), pause)
    click.echo(f"indexed {indexed} message(s); {failed} could not be decrypted")
    fail_if_undecryptable(failed)
