"""Socket.IO handlers. Importing this module registers them on the unbound `socketio`."""

from . import connection, messages  # noqa: F401
