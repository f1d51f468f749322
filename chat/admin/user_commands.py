"""`flask users …`: manage accounts."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..storage import get_store
from ..storage.models import User, iso
from . import accounts
from .options import batch_option, confirm, json_option, new_password, passwords, yes_option

users = AppGroup("users", help="Manage user accounts.")
password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)


def _status(user: User) -> str:
    return "deleted" if user.deleted else "active" if user.active else "deactivated"


def _details(user: User) -> dict[str, object]:
    return {
        **user.public(),
        "status": _status(user),
        "created_at": iso(user.created_at),
        "deactivated_at": iso(user.deactivated_at) if user.deactivated_at else None,
    }


@users.command("create")
@click.argument("username")
@click.option("--name", "full_name", help="Full name shown to others (default: the username).")
@click.option("--gender", type=click.Choice(accounts.GENDERS), help="Optional, as at signup.")
@password_stdin_option
def create(username: str, full_name: str | None, gender: str | None, password_stdin: bool) -> None:
    """Create an account named USERNAME (same rules as signup)."""
    password = new_password(password_stdin, username)
    user = accounts.create_account(
        get_store(), passwords(), username, full_name or username, password, gender
    )
    click.echo(f"created user {user.username} (id {user.id})")


@users.command("list")
@click.option("--inactive", is_flag=True, help="Only deactivated and deleted accounts.")
@json_option
@batch_option
def list_users(inactive: bool, as_json: bool, batch_size: int) -> None:
    """List accounts in creation order: id, username, status, created, name."""
    store, after = get_store(), None
    if not as_json:
        click.echo("id\tusername\tstatus\tcreated_at\tfull_name")
    while page := store.users.scan(after, batch_size):
        for user in (c.user for c in page):
            if inactive and user.active:
                continue
            d = _details(user)
            line = "\t".join(str(d[k]) for k in ("id", "username", "status", "created_at"))
            click.echo(json.dumps(d) if as_json else f"{line}\t{user.full_name}")
        after = page[-1].user.id


@users.command("show")
@click.argument("user")
@json_option
def show(user: str, as_json: bool) -> None:
    """Show one account; USER is a username or an id."""
    details = _details(accounts.find_user(get_store(), user))
    if as_json:
        click.echo(json.dumps(details))
        return
    for key, value in details.items():
        click.echo(f"{key}: {'' if value is None else value}")


@users.command("deactivate")
@click.argument("user")
@yes_option
def deactivate(user: str, yes: bool) -> None:
    """Stop USER (username or id) from signing in; their sessions are refused from now on."""
    store = get_store()
    found = accounts.not_deleted(accounts.find_user(store, user))
    if not found.active:
        click.echo(f"{found.username} is already deactivated (since {iso(found.deactivated_at)})")
        return
    confirm(f"Deactivate {found.username} (id {found.id})?", yes)
    store.users.set_active(found.id, False)
    click.echo(f"deactivated {found.username}")


@users.command("reactivate")
@click.argument("user")
def reactivate(user: str) -> None:
    """Let a deactivated USER (username or id) sign in again."""
    store = get_store()
    found = accounts.not_deleted(accounts.find_user(store, user))
    if found.active:
        click.echo(f"{found.username} is already active")
        return
    store.users.set_active(found.id, True)
    click.echo(f"reactivated {found.username}")


@users.command("reset-password")
@click.argument("user")
@password_stdin_option
def reset_password(user: str, password_stdin: bool) -> None:
    """Set a new password for USER (username or id); prompts twice unless --password-stdin."""
    store = get_store()
    found = accounts.not_deleted(accounts.find_user(store, user))
    accounts.reset_password(store, passwords(), found, new_password(password_stdin, found.username))
    note = "" if found.active else " (the account is deactivated: reactivate it to sign in)"
    click.echo(f"password of {found.username} changed; their sessions ended{note}")


@users.command("delete")
@click.argument("user")
@yes_option
@batch_option
def delete(user: str, yes: bool, batch_size: int) -> None:
    """Delete USER (username or id): anonymise the account and delete their messages.

    Conversations with a remaining member stay, with that member's own messages; those whose
    other member is deleted too are deleted whole. Safe to run again if interrupted.
    """
    store = get_store()
    found = accounts.find_user(store, user)
    confirm(
        f"Delete {found.username} (id {found.id}) and all their messages? This cannot be undone.",
        yes,
    )
    report = accounts.delete_account(store, found, batch_size)
    click.echo(
        f"deleted {found.username} (now {report.placeholder}): {report.messages} message(s) and "
        f"{report.conversations_deleted} conversation(s) deleted, "
        f"{report.conversations_kept} conversation(s) kept for the other member"
    )
