"""Production entry point: `gunicorn -k eventlet -w 1 wsgi:app` (see Procfile)."""

import eventlet

eventlet.monkey_patch()

from chat import create_app  # noqa: E402
from chat.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host="0.0.0.0", port=app.config["PORT"])
