"""/api/messages (send over HTTP) and /api/conversations/<id>/messages (history)."""

from __future__ import annotations

from flask import jsonify, request
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..storage import get_store
from ..validation import load
from . import bp
from .schemas import HistoryQuery, SendMessageSchema
from .service import history_page, send_message


@bp.post("/messages")
@jwt_required()
def create():
    data = load(SendMessageSchema(), request.get_json(silent=True))
    return jsonify({"message": send_message(get_store(), me().id, data)}), 201


@bp.get("/conversations/<conversation_id>/messages")
@jwt_required()
def history(conversation_id: str):
    query = load(HistoryQuery(), request.args.to_dict())
    page = history_page(get_store(), me().id, conversation_id, query["before"], query["limit"])
    return jsonify(page)
