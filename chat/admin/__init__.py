"""What the admin commands do (chat/cli.py holds the commands themselves)."""

from __future__ import annotations

import click


class AdminError(click.ClickException):
    """A command cannot do what was asked; click prints the message and exits with 1."""
