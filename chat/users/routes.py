"""/api/users: prefix search and profiles."""

from __future__ import annotations

from flask import jsonify, request
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..errors import ApiError
from ..storage import get_store
from ..validation import load
from . import blocking, bp, profile
from .schemas import ProfileSchema, SearchQuery, SettingsChangeSchema
from .settings import update_settings, user_settings


@bp.get("/search")
@jwt_required()
def search():
    query = load(SearchQuery(), request.args.to_dict())
    users = get_store().users.search(query["q"], query["limit"], exclude_id=me().id)
    return jsonify({"users": [u.public() for u in users]})


@bp.patch("/me")
@jwt_required()
def change_profile():
    full_name = load(ProfileSchema(), request.get_json(silent=True))["full_name"]
    return jsonify({"user": profile.rename(get_store(), me().id, full_name)})


@bp.get("/me/settings")
@jwt_required()
def my_settings():
    return jsonify({"settings": dict(user_settings(get_store(), me().id))})


@bp.patch("/me/settings")
@jwt_required()
def change_settings():
    changes = load(SettingsChangeSchema(), request.get_json(silent=True))
    return jsonify({"settings": dict(update_settings(get_store(), me().id, changes))})


@bp.get("/<user_id>")
@jwt_required()
def show(user_id: str):
    user = get_store().users.get(user_id)
    if user is None:
        raise ApiError(404, "user_not_found", "No such user")
    return jsonify({"user": user.public()})


@bp.get("/blocked")
@jwt_required()
def blocked():
    store = get_store()
    users = store.users.get_many(store.blocks.blocked_ids(me().id))
    return jsonify({"users": [u.public() for u in users.values()]})


@bp.put("/<user_id>/block")
@jwt_required()
def block(user_id: str):
    blocking.block(get_store(), me().id, user_id)
    return jsonify({"ok": True})


@bp.delete("/<user_id>/block")
@jwt_required()
def unblock(user_id: str):
    blocking.unblock(get_store(), me().id, user_id)
    return jsonify({"ok": True})
