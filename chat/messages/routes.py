"""/api/messages (send over HTTP, the rules of editing) and /api/conversations/<id>/messages
(history)."""

from __future__ import annotations

from flask import current_app, jsonify, request
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


@bp.get("/messages/rules")
@jwt_required()
def rules():
    """What the client needs to offer only what the server allows: how long a message can be
    edited (the client hides "Edit" after it)."""
    return jsonify({"edit_window_minutes": current_app.config["EDIT_WINDOW_MINUTES"]})


@bp.get("/conversations/<conversation_id>/messages")
@jwt_required()
def history(conversation_id: str):
    query = load(HistoryQuery(), request.args.to_dict())
    page = history_page(get_store(), me().id, conversation_id, query["before"], query["limit"])
    return jsonify(page)
