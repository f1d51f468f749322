"""/api/search: the signed-in user's messages by words."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..storage import get_store
from ..validation import load
from .schemas import SearchQuery
from .service import search_messages

bp = Blueprint("search", __name__, url_prefix="/api")


@bp.get("/search")
@jwt_required()
def search():
    query = load(SearchQuery(), request.args.to_dict())
    page = search_messages(
        get_store(), me().id, query["q"], query.get("conversation_id"), query.get("before"),
        query["limit"],
    )  # fmt: skip
    return jsonify(page)
