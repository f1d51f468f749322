"""File and image attachments: upload, download, and sending them with a message."""

from flask import Blueprint

bp = Blueprint("attachments", __name__, url_prefix="/api")

from . import routes  # noqa: E402,F401
