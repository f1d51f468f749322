"""The product's WSGI app (wsgi.py, as the Procfile runs it) plus chat/diagnostics.py.

Used by the runners only while chat/__init__.py does not call init_diagnostics itself:
    gunicorn -k eventlet -w 1 ... bench.diag_wsgi:app   (with CHAT_DIAGNOSTICS=1)
"""

from chat.diagnostics import init_diagnostics  # noqa: E402
from wsgi import app  # noqa: F401  (monkey-patches eventlet first, then create_app())

if "diagnostics" not in app.view_functions:
    init_diagnostics(app)
