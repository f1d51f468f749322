"""Options and prompts shared by the admin commands."""

from __future__ import annotations

import sys

import click
from flask import current_app

from ..auth.passwords import Passwords
from .accounts import checked_password

yes_option = click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
batch_option = click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Records per database round trip (bounds memory and transaction length).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def confirm(question: str, yes: bool) -> None:
    """Ask unless --yes; no (or no terminal to answer) aborts with exit code 1."""
    if not yes:
        click.confirm(question, abort=True)


def passwords() -> Passwords:
    return current_app.extensions["chat.passwords"]


def new_password(from_stdin: bool, username: str) -> str:
    """Read a password (one stdin line, or a hidden prompt typed twice) that the policy accepts."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return checked_password(password, current_app.config["PASSWORD_MIN_LENGTH"], username)
