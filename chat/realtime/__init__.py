"""Socket.IO handlers. Importing this module registers them on the unbound `socketio`."""

from . import connection, delivery, message_actions, messages, typing_indicators  # noqa: F401
