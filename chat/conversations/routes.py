"""/api/conversations: the current user's conversation list."""

from __future__ import annotations

from flask import jsonify
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..storage import get_store
from . import bp
from .service import list_view


@bp.get("")
@jwt_required()
def index():
    return jsonify({"conversations": list_view(get_store(), me().id)})
