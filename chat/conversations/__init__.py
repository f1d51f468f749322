"""Conversations a user takes part in."""

from flask import Blueprint

bp = Blueprint("conversations", __name__, url_prefix="/api/conversations")

from . import routes  # noqa: E402,F401
