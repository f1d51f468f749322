"""Process tests start their own servers: empty the shared store after each one."""

from __future__ import annotations

import pytest

from chat.storage import open_store
from tests.conftest import ring
from tests.redis_server import RedisServer


@pytest.fixture(autouse=True)
def empty_store_afterwards(settings):
    yield
    store = open_store(settings.mongo_db_uri, settings.data_dir, ring(settings))
    store.drop_all()
    store.close()


@pytest.fixture
def redis_server():
    """A throw-away Redis for tests that run several processes."""
    server = RedisServer()
    yield server
    server.stop()
