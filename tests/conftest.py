"""Fixtures: an app per storage backend, HTTP and socket clients, and a sign-up helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from chat import create_app
from chat.config import Settings
from chat.crypto import KeyRing, load_key_ring
from chat.extensions import socketio
from chat.storage import Store, get_store, open_store

from . import backends
from .helpers import PASSWORD, signup
from .live import LiveServer

JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


def ring(settings: Settings) -> KeyRing:
    """The key ring the app of these settings uses (generated into its data dir)."""
    return load_key_ring(None, [], settings.data_dir, production=False)


@pytest.fixture(scope="session")
def mongo_database() -> str:
    return backends.fresh_database_name()


@pytest.fixture(params=backends.selected())
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def settings(backend: str, tmp_path: Path, mongo_database: str) -> Settings:
    uri = backends.mongo_uri(mongo_database) if backend == "mongo" else None
    # Limits off, as for load tests; tests/api/test_rate_limits.py turns them on.
    return Settings(
        app_env="test",
        data_dir=tmp_path,
        jwt_secret=JWT_SECRET,
        mongo_db_uri=uri,
        ratelimit_enabled=False,
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    yield app
    with app.app_context():
        store = get_store()
        store.drop_all()
        store.close()


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A bare store, for the conformance suite."""
    store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
    yield store
    store.drop_all()
    store.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_client(app: Flask):
    """A new browser-like client signed up as `username`; returns (client, user)."""

    def make(username: str, full_name: str | None = None) -> tuple[FlaskClient, dict]:
        client = app.test_client()
        user = signup(client, username, full_name=full_name)
        return client, user

    return make


@pytest.fixture
def connect(app: Flask):
    """Open a Socket.IO test client carrying the cookies of a Flask test client."""
    opened = []

    def open_socket(flask_client: FlaskClient):
        sock = socketio.test_client(app, flask_test_client=flask_client)
        opened.append(sock)
        return sock

    yield open_socket
    for sock in opened:
        if sock.is_connected():
            sock.disconnect()


__all__ = ["PASSWORD"]


@pytest.fixture
def live_server_with(settings: Settings) -> Iterator[Callable[..., LiveServer]]:
    """Start live servers with extra environment, e.g. live_server_with(ACCESS_TOKEN_MINUTES="1");
    all are stopped and the store emptied afterwards."""
    started: list[LiveServer] = []

    def start(**env: str) -> LiveServer:
        server = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET, env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
    store.drop_all()
    store.close()


@pytest.fixture
def live_server(live_server_with: Callable[..., LiveServer]) -> LiveServer:
    """wsgi.py in its own process, on the backend of this test's parameter."""
    return live_server_with()
