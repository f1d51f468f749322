"""Socket connect/disconnect: authenticate by the cookie, join the user's room, presence.

Presence goes only to contacts (people who share a conversation): nobody else needs it, and a
broadcast to every socket costs O(sockets) per change.
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_socketio import join_room

from ..extensions import socketio
from ..sessions import socket_session
from ..storage import Store, get_store
from ..storage.models import User, iso, utcnow
from ..users.contacts import visible_contacts
from .events import ONLINE_USERS, PRESENCE
from .presence import get_presence
from .publish import emit_to_users, user_room

log = logging.getLogger(__name__)


@socketio.on("connect")
def on_connect(_auth: object = None) -> None:
    """Who the client is comes from the httpOnly cookie only, never from anything it sends."""
    cookie = request.cookies.get(current_app.config["JWT_ACCESS_COOKIE_NAME"])
    session = socket_session(cookie)  # lives as long as the sign-in session, not the token
    if session is None:
        raise ConnectionRefusedError("unauthorized")
    user_id = session.user_id
    sid = request.sid  # type: ignore[attr-defined]
    presence = get_presence()
    if presence.socket_count(user_id) >= current_app.config["MAX_SOCKETS_PER_USER"]:
        raise ConnectionRefusedError("too_many_sockets")  # one account cannot exhaust the process
    join_room(user_room(user_id))
    came_online = presence.add(sid, session)
    contacts = visible_contacts(get_store(), user_id)
    online = [user_id, *presence.online_among(contacts)]
    socketio.emit(ONLINE_USERS, {"user_ids": online}, to=sid)
    if came_online:
        emit_to_users(PRESENCE, {"user_id": user_id, "online": True}, contacts)
    log.debug("socket connected user_id=%s sid=%s", user_id, sid)


@socketio.on("disconnect")
def on_disconnect(_reason: object = None) -> None:
    user_id, went_offline = get_presence().remove(request.sid)  # type: ignore[attr-defined]
    if went_offline and user_id is not None:
        announce_offline(get_store(), user_id)


def announce_offline(store: Store, user_id: str) -> None:
    """Tell the user's contacts they went offline and when, and remember that time."""
    now = utcnow()
    payload = {"user_id": user_id, "online": False, "last_seen_at": iso(now)}
    emit_to_users(PRESENCE, payload, visible_contacts(store, user_id))
    try:
        store.users.set_last_seen(user_id, now)
    except Exception as err:  # storage down for a moment: "last seen" stays a little older
        log.warning("last seen not recorded user_id=%s: %s", user_id, err)


def end_sockets_of_session(session_id: str) -> int:
    """Disconnect this process's sockets of a session that was just ended; how many."""
    sids = get_presence().sids_of_session(session_id)
    for sid in sids:
        socketio.server.disconnect(sid)
    return len(sids)


def end_outdated_sockets(user: User) -> int:
    """Disconnect this process's sockets of the user opened in an older session generation
    (before a password change); how many. Those of the session that changed the password stay:
    closing them would race its tabs' reconnects against the response with the new cookies."""
    presence = get_presence()
    sids = [
        sid
        for sid in presence.sids_of_user(user.id)
        if (session := presence.session_of(sid))
        and session.generation != user.session_generation
        and session.session_id != user.sessions_reset_by
    ]
    for sid in sids:
        socketio.server.disconnect(sid)
    return len(sids)


def end_sockets_of_user(user_id: str) -> int:
    """Disconnect this process's sockets of a user (deactivated); how many."""
    sids = get_presence().sids_of_user(user_id)
    for sid in sids:
        socketio.server.disconnect(sid)
    return len(sids)
