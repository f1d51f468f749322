"""Admin commands: `flask --app chat <group> <command>`."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

from .crypto import new_key
from .storage import get_store

keys = AppGroup("keys", help="Message encryption keys.")


@keys.command("generate")
def generate_key() -> None:
    """Print a new random key (base64 of 32 bytes) for MESSAGE_ENCRYPTION_KEY."""
    click.echo(new_key())


@keys.command("rotate")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--pause", default=0.05, show_default=True, help="Seconds between batches.")
def rotate(batch_size: int, pause: float) -> None:
    """Re-encrypt every message under the current MESSAGE_ENCRYPTION_KEY, in batches.

    Set the new key as MESSAGE_ENCRYPTION_KEY and the old one in MESSAGE_ENCRYPTION_OLD_KEYS
    (in the app too, so it reads both while this runs), then run this; afterwards the old key
    can be removed. Safe to run while the app serves traffic, and to run again.
    """
    store = get_store()
    after, resealed, failed = None, 0, 0
    while True:
        progress = store.messages.reseal_batch(after, batch_size)
        resealed, failed = resealed + progress.resealed, failed + progress.failed
        if progress.next_after is None:
            break
        after = progress.next_after
        time.sleep(pause)
    click.echo(f"re-encrypted {resealed} message(s); {failed} could not be decrypted")
    if failed:
        raise click.ClickException(
            f"{failed} message(s) could not be decrypted: is an old key missing from "
            "MESSAGE_ENCRYPTION_OLD_KEYS? (details in the log)"
        )


def init_cli(app: Flask) -> None:
    app.cli.add_command(keys)
