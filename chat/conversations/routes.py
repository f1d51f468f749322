"""/api/conversations: the current user's conversations."""

from __future__ import annotations

from flask import jsonify
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..storage import get_store
from . import bp
from .service import list_view, member_view


@bp.get("")
@jwt_required()
def index():
    return jsonify({"conversations": list_view(get_store(), me().id)})


@bp.get("/<conversation_id>")
@jwt_required()
def show(conversation_id: str):
    return jsonify({"conversation": member_view(get_store(), conversation_id, me().id)})
