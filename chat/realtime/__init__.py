"""Socket.IO handlers. Importing this module registers them on the unbound `socketio`."""

from . import connection, delivery, messages, typing_indicators  # noqa: F401
