"""Production entry point: `gunicorn -k eventlet -w 1 wsgi:app` (see Procfile)."""

import eventlet

eventlet.monkey_patch()

from chat import create_app  # noqa: E402
from chat.extensions import socketio  # noqa: E402
from chat.realtime.gc_tuning import start_gc_freezer  # noqa: E402

app = create_app()
# Started here, not in create_app: only a serving process needs it (not tests or the CLI).
start_gc_freezer(socketio, app.config["GC_FREEZE_SECONDS"])

if __name__ == "__main__":
    # eventlet's own server caps simultaneous connections at 1,024 unless told otherwise
    socketio.run(app, host="0.0.0.0", port=app.config["PORT"], max_size=10_000)
