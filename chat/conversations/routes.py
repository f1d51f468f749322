"""/api/conversations: the current user's conversations, and managing groups."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..errors import ApiError
from ..messages.schemas import MAX_SEQ
from ..storage import get_store
from ..validation import load
from . import bp, groups
from . import membership as membership_service
from .schemas import (
    AddMembersSchema,
    CreateGroupSchema,
    MembershipSchema,
    RenameSchema,
    RoleSchema,
)
from .service import list_view, member_view


def _body(schema) -> dict:
    return load(schema, request.get_json(silent=True))


def _max_members() -> int:
    return current_app.config["GROUP_MAX_MEMBERS"]


@bp.get("")
@jwt_required()
def index():
    return jsonify({"conversations": list_view(get_store(), me().id)})


@bp.post("")
@jwt_required()
def create():
    data = _body(CreateGroupSchema())
    view = groups.create_group(
        get_store(), me().id, data["title"], data["member_ids"], _max_members()
    )
    return jsonify({"conversation": view}), 201


@bp.get("/<conversation_id>")
@jwt_required()
def show(conversation_id: str):
    return jsonify({"conversation": member_view(get_store(), conversation_id, me().id)})


@bp.patch("/<conversation_id>")
@jwt_required()
def rename(conversation_id: str):
    title = _body(RenameSchema())["title"]
    return jsonify({"conversation": groups.rename(get_store(), me().id, conversation_id, title)})


@bp.post("/<conversation_id>/members")
@jwt_required()
def add_members(conversation_id: str):
    user_ids = _body(AddMembersSchema())["user_ids"]
    view = groups.add_members(get_store(), me().id, conversation_id, user_ids, _max_members())
    return jsonify({"conversation": view})


@bp.delete("/<conversation_id>/members/<user_id>")
@jwt_required()
def remove_member(conversation_id: str, user_id: str):
    view = groups.remove_member(get_store(), me().id, conversation_id, user_id)
    return jsonify({"conversation": view})


@bp.patch("/<conversation_id>/members/<user_id>")
@jwt_required()
def set_role(conversation_id: str, user_id: str):
    role = _body(RoleSchema())["role"]
    view = groups.set_role(get_store(), me().id, conversation_id, user_id, role)
    return jsonify({"conversation": view})


@bp.patch("/<conversation_id>/membership")
@jwt_required()
def membership(conversation_id: str):
    muted = _body(MembershipSchema())["muted"]
    view = membership_service.set_muted(get_store(), me().id, conversation_id, muted)
    return jsonify({"conversation": view})


@bp.get("/<conversation_id>/messages/<seq>/readers")
@jwt_required()
def readers(conversation_id: str, seq: str):
    number = int(seq) if seq.isascii() and seq.isdigit() and len(seq) <= 16 else 0
    if not 1 <= number <= MAX_SEQ:
        raise ApiError(404, "message_not_found", "No such message")
    return jsonify(groups.readers(get_store(), me().id, conversation_id, number))
