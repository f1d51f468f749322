"""Fixtures for the admin commands: run one through click's runner on the app under test."""

from __future__ import annotations

import pytest
from click.testing import Result
from flask import Flask

from chat.storage import EXTENSION_KEY, Store


@pytest.fixture
def cli(app: Flask):
    """cli("users", "list", input=...) -> click Result (stdout and stderr in .output)."""
    runner = app.test_cli_runner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(args=list(args), input=input)

    return invoke


@pytest.fixture
def app_store(app: Flask) -> Store:
    """The store the app (and so every command) uses."""
    return app.extensions[EXTENSION_KEY]
