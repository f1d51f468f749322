"""Production entry point: `gunicorn -k eventlet -w 1 wsgi:app` (see Procfile)."""

import eventlet

eventlet.monkey_patch()

from chat import create_app  # noqa: E402
from chat.extensions import socketio  # noqa: E402
from chat.serving import start_serving_tasks  # noqa: E402

app = create_app()
start_serving_tasks(app)

if __name__ == "__main__":
    # eventlet's own server caps simultaneous connections at 1,024 unless told otherwise
    socketio.run(app, host="0.0.0.0", port=app.config["PORT"], max_size=10_000)
