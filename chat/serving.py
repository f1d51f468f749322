"""Background work of a serving process (started by wsgi.py, never by tests or the CLI)."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from datetime import timedelta

import redis
from flask import Flask

from .attachments.service import remove_unsent
from .extensions import socketio
from .realtime.connection import announce_offline
from .realtime.gc_tuning import start_gc_tuning
from .realtime.online_directory import REAP_EVERY_SECONDS, RedisDirectory
from .realtime.presence import EXTENSION_KEY as PRESENCE_KEY
from .realtime.session_ends import close_ended_sockets
from .storage import EXTENSION_KEY as STORE_KEY
from .storage import Store, get_store
from .storage.health import EXTENSION_KEY as HEALTH_KEY
from .storage.models import utcnow
from .users.settings import forget_changed

log = logging.getLogger(__name__)
ENFORCE_EVERY_SECONDS = 1
PROBE_EVERY_SECONDS = 1
UNSENT_CHECK_SECONDS = 300
INDEX_EVERY_SECONDS = 0.5
PROBE_HOLD_SECONDS = 8  # longer than the driver's 5 s server selection: fail fast meanwhile
OVERLAP = timedelta(seconds=2)  # clocks of app and database hosts differ a little


def start_serving_tasks(app: Flask) -> None:
    start_gc_tuning(socketio, app.config["GC_FREEZE_SECONDS"], app.config["GC_YOUNG_THRESHOLD"])
    directory = app.extensions[PRESENCE_KEY].directory
    if directory is not None:
        socketio.start_background_task(_keep_presence, app, directory)
    socketio.start_background_task(_follow_other_processes, app)
    socketio.start_background_task(_probe_storage, app)
    # Uploads not sent within an hour go (every process checks; deleting twice is harmless).
    socketio.start_background_task(
        _every, app, UNSENT_CHECK_SECONDS, remove_unsent, "removing unsent uploads"
    )
    # Messages sent since the last pass are indexed for search (SQLite; search_indexer.py).
    socketio.start_background_task(
        _every, app, INDEX_EVERY_SECONDS, lambda store: store.search.catch_up(), "search indexing"
    )
    _drain_on_sigterm(directory)


def _follow_other_processes(app: Flask) -> None:
    """Within about a second, close this process's sockets of sessions ended elsewhere (a
    logout or password change served by another process, a deactivation from the CLI) and
    drop its cached copies of settings changed elsewhere."""
    since = utcnow()
    while True:
        socketio.sleep(ENFORCE_EVERY_SECONDS)
        checked = utcnow()
        try:
            with app.app_context():
                store = get_store()
                close_ended_sockets(store, since - OVERLAP)
                forget_changed(store, since - OVERLAP)
        except Exception as err:  # the storage may be down for a moment: try again next time
            log.warning("check of changes from other processes failed: %s", err)
            continue
        since = checked


def _every(app: Flask, seconds: float, work: Callable[[Store], object], what: str) -> None:
    """Run work(store) every `seconds`, for the life of the process."""
    while True:
        socketio.sleep(seconds)
        try:
            with app.app_context():
                work(get_store())
        except Exception as err:  # the storage may be down for a moment: try again next time
            log.warning("%s failed: %s", what, err)


def _probe_storage(app: Flask) -> None:
    """While the store is taken as down, ping it each second so events flow again as soon as
    it answers (instead of when the first client retries)."""
    health = app.extensions[HEALTH_KEY]
    store = app.extensions[STORE_KEY]
    while True:
        socketio.sleep(PROBE_EVERY_SECONDS)
        if health.retry_after() is None:
            continue
        health.mark_down(hold=PROBE_HOLD_SECONDS)
        try:
            store.ping()
        except Exception as err:  # still down: keep answering "unavailable"
            if not store.is_outage(err):
                log.warning("storage probe failed: %s", err)
            health.mark_down()
        else:
            health.mark_up()


def _drain_on_sigterm(directory: RedisDirectory | None) -> None:
    """On SIGTERM, close every socket so clients reconnect (to another process) at once, then
    let the server stop as it would have: in-flight handlers finish their writes meanwhile, and
    an ack cut off by the close is recovered by the client's resend of the same client_id."""
    previous = signal.getsignal(signal.SIGTERM)

    def drain() -> None:
        sockets = list(socketio.server.eio.sockets)
        log.info("SIGTERM: closing %d socket(s) so their clients reconnect", len(sockets))
        if directory is not None:
            try:
                directory.leave()
            except redis.RedisError as err:
                log.warning("could not leave the presence directory: %s", err)
        for eio_sid in sockets:
            # abort: drop the transport without a close packet, which clients (socket.io's
            # and python-socketio's) treat like a lost connection and reconnect at once.
            eio_socket = socketio.server.eio.sockets.get(eio_sid)
            if eio_socket is not None:
                eio_socket.close(wait=False, abort=True)
        if callable(previous):
            previous(signal.SIGTERM, None)  # gunicorn's worker: stop accepting, finish, exit
        else:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, lambda _signum, _frame: socketio.start_background_task(drain))


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
                store = get_store()
                for user_id in gone:
                    announce_offline(store, user_id)
        socketio.sleep(REAP_EVERY_SECONDS)
