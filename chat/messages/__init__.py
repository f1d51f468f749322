"""Sending and reading messages."""

from flask import Blueprint

bp = Blueprint("messages", __name__, url_prefix="/api")

from . import routes  # noqa: E402,F401
