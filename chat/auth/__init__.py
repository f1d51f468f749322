"""Accounts and sessions."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/api/auth")

from . import routes  # noqa: E402,F401  (registers the routes on bp)
