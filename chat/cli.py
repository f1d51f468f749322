"""Admin commands: `flask --app chat <group> <command>`; `--help` on each explains it."""

from __future__ import annotations

import json

import click
import redis
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .admin import AdminError, export, load
from .admin.batches import fail_if_undecryptable, run_batches
from .admin.cleanup import parse_duration, purge_idle
from .admin.options import batch_option, confirm, json_option, yes_option
from .admin.stats import collect, human_bytes
from .admin.user_commands import users
from .crypto import new_key
from .ops import DEGRADED_KEY, REDIS_KEY
from .search.cli import search
from .storage import get_store
from .storage.models import iso, utcnow

keys = AppGroup("keys", help="Message encryption keys.")
db = AppGroup("db", help="Database schema and indexes.")
conversations = AppGroup("conversations", help="Manage conversations.")


@keys.command("generate")
def generate_key() -> None:
    """Print a new random key (base64 of 32 bytes) for MESSAGE_ENCRYPTION_KEY."""
    click.echo(new_key())


@keys.command("rotate")
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Messages (attachments) re-encrypted per batch.",
)
@click.option("--pause", default=0.05, show_default=True, help="Seconds between batches.")
def rotate(batch_size: int, pause: float) -> None:
    """Re-encrypt every message and attachment under the current MESSAGE_ENCRYPTION_KEY, in
    batches.

    Set the new key as MESSAGE_ENCRYPTION_KEY and the old one in MESSAGE_ENCRYPTION_OLD_KEYS
    (in the app too, so it reads both while this runs), then run this; afterwards the old key
    can be removed. The search index moves to the new key with each message. Safe to run
    while the app serves traffic, and to run again.
    """
    store = get_store()
    resealed, failed = run_batches(lambda a: store.messages.reseal_batch(a, batch_size), pause)
    click.echo(f"re-encrypted {resealed} message(s); {failed} could not be decrypted")
    files, files_failed = run_batches(
        lambda a: store.attachments.reseal_batch(a, batch_size), pause
    )
    click.echo(f"re-encrypted {files} attachment(s); {files_failed} could not be decrypted")
    fail_if_undecryptable(failed, files_failed)


@db.command("init")
def db_init() -> None:
    """Create the schema and indexes (idempotent; run on every release)."""
    store = get_store()
    store.create_indexes()
    click.echo(f"schema and indexes are in place ({type(store).__name__})")


@conversations.command("purge")
@click.option(
    "--older-than",
    "older_than",
    required=True,
    help="Idle time: 90d, 12h, 2w, 30m (minutes) or 45s. Conversations without a message "
    "(or creation) since then are deleted with their messages.",
)
@click.option("--dry-run", is_flag=True, help="Only say how many conversations would go.")
@yes_option
@batch_option
def purge(older_than: str, dry_run: bool, yes: bool, batch_size: int) -> None:
    """Delete conversations idle for longer than --older-than, with their messages."""
    try:
        cutoff = utcnow() - parse_duration(older_than)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--older-than") from err
    store = get_store()
    count = store.conversations.count(idle_before=cutoff)
    if dry_run or not count:
        click.echo(f"{count} conversation(s) idle since before {iso(cutoff)}")
        return
    confirm(f"Delete {count} conversation(s) idle since before {iso(cutoff)}?", yes)
    report = purge_idle(store, cutoff, batch_size)
    click.echo(f"purged {report.conversations} conversation(s), {report.messages} message(s)")


@click.command("stats")
@with_appcontext
@json_option
def stats(as_json: bool) -> None:
    """Users, online users, conversations, messages (today: since 00:00 UTC), storage size."""
    figures = collect(get_store(), _presence_redis(), utcnow())
    if as_json:
        click.echo(json.dumps(figures.as_dict()))
        return
    inactive = figures.users - figures.active_users
    online = "n/a from the CLI (set REDIS_URL: presence lives in each serving process)"
    size = "n/a (the database server does not say)"
    click.echo(f"users: {figures.users} ({figures.active_users} active, {inactive} inactive)")
    click.echo(f"online: {online if figures.online is None else figures.online}")
    click.echo(f"conversations: {figures.conversations}")
    click.echo(f"messages: {figures.messages} (today UTC: {figures.messages_today})")
    storage = human_bytes(figures.storage_bytes) if figures.storage_bytes is not None else size
    click.echo(f"storage: {storage}")


def _presence_redis() -> redis.Redis | None:
    client = current_app.extensions.get(REDIS_KEY)
    if client is None:
        return None
    if current_app.extensions.get(DEGRADED_KEY):
        raise AdminError("REDIS_URL is set but Redis does not answer: cannot count online users")
    return client


@click.command("export")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@batch_option
def export_command(path: str, batch_size: int) -> None:
    """Export everything as JSON Lines to PATH ('-': standard output).

    Users (with password hashes), conversations (members, cursors), messages (still
    encrypted) and revoked sessions, read page by page. Stop the app first for an exact copy.
    """
    with click.open_file(path, "w", encoding="utf-8", atomic=path != "-") as out:
        counts = export.write(get_store(), out, batch_size, utcnow())
    click.echo(f"exported {_counts(counts)}", err=path == "-")


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@batch_option
def import_command(path: str, batch_size: int) -> None:
    """Import an export from PATH ('-': standard input) into an empty store.

    Ids are new (mapped from the file's); message text stays encrypted, so the exporting side's
    MESSAGE_ENCRYPTION_KEY must be configured here (as the key, or among the old keys). Counts
    are checked against the file and the store afterwards.
    """
    with click.open_file(path, "r", encoding="utf-8") as lines:
        report = load.load(get_store(), lines, batch_size)
    if report.skipped_lines:
        click.echo(
            f"skipped {report.skipped_lines} line(s) before the header (log output?)", err=True
        )
    click.echo(f"imported {_counts(report.counts)}")
    if report.undecryptable:
        raise AdminError(
            f"{report.undecryptable} message(s) cannot be decrypted with the configured keys: set "
            "MESSAGE_ENCRYPTION_KEY / MESSAGE_ENCRYPTION_OLD_KEYS as on the exporting side"
        )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def init_cli(app: Flask) -> None:
    commands = (keys, db, users, conversations, search, stats, export_command, import_command)
    for command in commands:
        app.cli.add_command(command)
