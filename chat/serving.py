"""Background work of a serving process (started by wsgi.py, never by tests or the CLI)."""

from __future__ import annotations

import logging

import redis
from flask import Flask

from .extensions import socketio
from .realtime.events import PRESENCE
from .realtime.gc_tuning import start_gc_freezer
from .realtime.online_directory import REAP_EVERY_SECONDS, RedisDirectory
from .realtime.presence import EXTENSION_KEY as PRESENCE_KEY
from .realtime.publish import emit_to_users
from .storage import get_store

log = logging.getLogger(__name__)


def start_serving_tasks(app: Flask) -> None:
    start_gc_freezer(socketio, app.config["GC_FREEZE_SECONDS"])
    directory = app.extensions[PRESENCE_KEY].directory
    if directory is not None:
        socketio.start_background_task(_keep_presence, app, directory)


def _keep_presence(app: Flask, directory: RedisDirectory) -> None:
    """Prove this process alive; report the users of dead processes offline to their contacts."""
    while True:
        try:
            directory.heartbeat()
            gone = directory.reap()
        except redis.RedisError as err:
            log.warning("presence upkeep skipped, Redis unavailable: %s", err)
            gone = []
        if gone:
            with app.app_context():
                contacts = get_store().conversations.contact_ids
                for user_id in gone:
                    emit_to_users(
                        PRESENCE, {"user_id": user_id, "online": False}, contacts(user_id)
                    )
        socketio.sleep(REAP_EVERY_SECONDS)
