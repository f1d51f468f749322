"""Production entry point (see Procfile): `gunicorn -k eventlet -w 1 wsgi:app`, or with
ASYNC_MODE=gevent, `gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1`."""

import os

# Patching must come before anything else is imported, so this reads the environment itself.
ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")
if ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
else:
    import eventlet

    eventlet.monkey_patch()

from chat import create_app  # noqa: E402
from chat.extensions import socketio  # noqa: E402
from chat.serving import start_serving_tasks  # noqa: E402

app = create_app()
start_serving_tasks(app)

if __name__ == "__main__":
    # eventlet's own server caps simultaneous connections at 1,024 unless told otherwise
    extra = {"max_size": 10_000} if ASYNC_MODE == "eventlet" else {}
    socketio.run(app, host="0.0.0.0", port=app.config["PORT"], **extra)
