"""The OpenAPI 3.1 document of /api, built from the marshmallow schemas the routes validate with.

OPERATIONS is the one list of documented routes: each Flask endpoint with its request and
response schemas. Paths and methods come from the app's url_map, so they cannot drift from the
routes; tests/contract checks that every /api rule is listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Flask, current_app, jsonify
from marshmallow import Schema
from werkzeug.routing import Rule

from .api_schemas import (
    AttachmentResponse,
    ConversationListResponse,
    ConversationResponse,
    EndedSessionsResponse,
    ErrorSchema,
    HistoryResponse,
    MessageResponse,
    MessageRulesResponse,
    OkResponse,
    PasswordRulesResponse,
    RateLimitedSchema,
    ReadersResponse,
    SessionListResponse,
    SessionResponse,
    SettingsResponse,
    UserListResponse,
    UserResponse,
)
from .auth.schemas import LoginSchema, PasswordChangeSchema, SignupSchema
from .conversations.schemas import (
    AddMembersSchema,
    CreateGroupSchema,
    MembershipSchema,
    RenameSchema,
    RoleSchema,
)
from .messages.schemas import HistoryQuery, SendMessageSchema
from .search.schemas import SearchQuery as MessageSearchQuery
from .search.schemas import SearchResponse
from .users.schemas import ProfileSchema, SearchQuery, SettingsChangeSchema

EXTENSION_KEY = "chat.openapi"
IGNORED_METHODS = {"HEAD", "OPTIONS"}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

bp = Blueprint("openapi", __name__, url_prefix="/api")


class Auth(Enum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"
    REFRESH = "refresh"  # the refresh cookie, sent only to /api/auth/refresh


@dataclass(frozen=True)
class Operation:
    """How one endpoint is documented; errors lists statuses beyond those its inputs imply."""

    endpoint: str
    summary: str
    response: type[Schema] | None
    status: int = 200
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    auth: Auth = Auth.REQUIRED
    errors: tuple[int, ...] = ()
    upload: bool = False  # the body is multipart/form-data with one file in field `file`
    download: bool = False  # the answer is a file, not JSON


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "auth.signup",
        "Create an account; starts a session (sets the cookies)",
        SessionResponse,
        status=201,
        body=SignupSchema,
        auth=Auth.NONE,
        errors=(409,),
    ),
    Operation(
        "auth.login",
        "Start a session (sets the cookies)",
        SessionResponse,
        body=LoginSchema,
        auth=Auth.NONE,
        errors=(401, 403),
    ),
    Operation(
        "auth.refresh",
        "New access and refresh tokens for this session (sets the cookies); a refresh token"
        " used again after REFRESH_REUSE_GRACE_SECONDS ends the session",
        SessionResponse,
        auth=Auth.REFRESH,
    ),
    Operation(
        "auth.logout",
        "End this session (even with an expired access token) and clear the cookies",
        OkResponse,
        auth=Auth.OPTIONAL,
    ),
    Operation(
        "auth.change_password",
        "Change your password: every other session ends, this one goes on (sets the cookies)",
        SessionResponse,
        body=PasswordChangeSchema,
    ),
    Operation("auth.current", "The signed-in user and this session's times", SessionResponse),
    Operation(
        "auth.sessions",
        "Your signed-in sessions (device, address, started, last active), most recently active"
        " first; `current` marks this one",
        SessionListResponse,
    ),
    Operation(
        "auth.end_one_session",
        "End one of your sessions: its tokens stop working and its sockets close; ending this"
        " one signs you out (clears the cookies)",
        OkResponse,
        errors=(404,),
    ),
    Operation(
        "auth.end_other_sessions",
        "Sign out everywhere else: every other session of yours ends",
        EndedSessionsResponse,
    ),
    Operation(
        "auth.password_rules",
        "The length a new password needs (PASSWORD_MIN_LENGTH to 128); it must also not be a"
        " common password nor the username",
        PasswordRulesResponse,
        auth=Auth.NONE,
    ),
    Operation("users.blocked", "The users you blocked", UserListResponse),
    Operation(
        "users.block",
        "Block a user: no messages or presence between you until unblocked",
        OkResponse,
        errors=(400, 404),
    ),
    Operation("users.unblock", "Unblock a user", OkResponse, errors=(400, 404)),
    Operation(
        "users.search",
        "Users whose username or full name starts with q, never yourself",
        UserListResponse,
        query=SearchQuery,
    ),
    Operation("users.show", "One user", UserResponse, errors=(404,)),
    Operation("users.my_settings", "Your settings", SettingsResponse),
    Operation("users.change_profile", "Change your name", UserResponse, body=ProfileSchema),
    Operation(
        "users.change_settings",
        "Change some of your settings",
        SettingsResponse,
        body=SettingsChangeSchema,
    ),
    Operation("conversations.index", "Your conversations, newest first", ConversationListResponse),
    Operation(
        "conversations.create",
        "Create a group with you as its owner",
        ConversationResponse,
        status=201,
        body=CreateGroupSchema,
    ),
    Operation(
        "conversations.show", "One of your conversations", ConversationResponse, errors=(403, 404)
    ),
    Operation(
        "conversations.rename",
        "Rename a group (owners and admins)",
        ConversationResponse,
        body=RenameSchema,
        errors=(403, 404),
    ),
    Operation(
        "conversations.add_members",
        "Add people to a group (owners and admins)",
        ConversationResponse,
        body=AddMembersSchema,
        errors=(403, 404),
    ),
    Operation(
        "conversations.remove_member",
        "Remove someone from a group (owners and admins), or leave it (yourself)",
        ConversationResponse,
        errors=(400, 403, 404),
    ),
    Operation(
        "conversations.set_role",
        "Change a member's role (owners)",
        ConversationResponse,
        body=RoleSchema,
        errors=(403, 404),
    ),
    Operation(
        "conversations.membership",
        "Mute or unmute a conversation for yourself",
        ConversationResponse,
        body=MembershipSchema,
        errors=(403, 404),
    ),
    Operation(
        "conversations.readers",
        "Who has read / only received one message (not its sender)",
        ReadersResponse,
        errors=(403, 404),
    ),
    Operation(
        "messages.create",
        "Send a message (once per client_id)",
        MessageResponse,
        status=201,
        body=SendMessageSchema,
        errors=(404,),
    ),
    Operation(
        "messages.rules",
        "How long after sending a message its sender may edit it (EDIT_WINDOW_MINUTES)",
        MessageRulesResponse,
    ),
    Operation(
        "messages.history",
        "One page of a conversation's messages, ascending by seq",
        HistoryResponse,
        query=HistoryQuery,
        errors=(403, 404),
    ),
    Operation(
        "attachments.create",
        "Upload one file for your next message in a conversation",
        AttachmentResponse,
        status=201,
        upload=True,
        errors=(400, 404, 413),
    ),
    Operation(
        "attachments.download",
        "An attachment's file (members who may read its message)",
        None,
        download=True,
        errors=(404,),
    ),
    Operation(
        "attachments.thumbnail",
        "An image attachment's thumbnail (WebP, at most 320 px)",
        None,
        download=True,
        errors=(404,),
    ),
    Operation(
        "attachments.set_avatar",
        "Set your profile picture from an image (cropped square, 256 px, no metadata)",
        UserResponse,
        upload=True,
        errors=(400, 413),
    ),
    Operation(
        "attachments.show_avatar",
        "A user's profile picture (WebP; anyone signed in)",
        None,
        download=True,
        errors=(404,),
    ),
    Operation(
        "search.search",
        "Your messages with every word of q (case and accents ignored, the last word a"
        " prefix), newest first, each with its conversation; found through a blind index",
        SearchResponse,
        query=MessageSearchQuery,
        errors=(403, 404),
    ),
    Operation("openapi.document", "This document", None, auth=Auth.NONE),
)

FILE_BODY = {
    "type": "object",
    "properties": {"file": {"type": "string", "format": "binary"}},
    "required": ["file"],
}
FILE_ANSWER = {
    media: {"schema": {"type": "string", "format": "binary"}}
    for media in ("application/octet-stream", "image/png", "image/jpeg", "image/webp", "image/gif")
}

ERROR_RESPONSES: dict[int, tuple[str, str, str]] = {
    400: ("InvalidInput", "Invalid input; `fields` names the fields when it can", "Error"),
    401: ("Unauthorized", "Not signed in, or the session ended", "Error"),
    403: ("Forbidden", "Missing or wrong CSRF header, or not yours", "Error"),
    404: ("NotFound", "No such resource", "Error"),
    409: ("Conflict", "Username taken", "Error"),
    413: ("TooLarge", "Request body too large", "Error"),
    429: ("RateLimited", "Too many requests; retry after `retry_after` seconds", "RateLimited"),
}

DESCRIPTION = (
    "Every body is JSON; ids are strings, times ISO 8601 UTC. Sessions are httpOnly cookies "
    "set by signup and login: a short access token, refreshed at /api/auth/refresh (a 401 "
    "`token_expired` says when). State-changing requests also send the CSRF header with the "
    "value of the readable cookie `csrf_access_token`. See docs/api.md."
)


def openapi_path(rule: Rule) -> str:
    """/api/users/<user_id> → /api/users/{user_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def documented_methods(rule: Rule) -> list[str]:
    """The rule's methods but those Flask adds by itself."""
    return sorted((rule.methods or set()) - IGNORED_METHODS)


def build_spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of app's /api routes."""
    marshmallow = MarshmallowPlugin()
    spec = APISpec(
        title="Chat API",
        version="1",
        openapi_version="3.1.0",
        plugins=[marshmallow],
        info={"description": DESCRIPTION},
    )
    _add_components(spec, app)
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for op in OPERATIONS:
        rule = rules[op.endpoint]
        query = _query_parameters(marshmallow, op.query) if op.query else []
        operations = {m.lower(): _operation(op, rule, m, query) for m in documented_methods(rule)}
        spec.path(path=openapi_path(rule), operations=operations)
    return spec.to_dict()


def _add_components(spec: APISpec, app: Flask) -> None:
    cookie = app.config["JWT_ACCESS_COOKIE_NAME"]
    header = app.config["JWT_ACCESS_CSRF_HEADER_NAME"]
    spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": cookie}
    )
    spec.components.security_scheme(
        "refreshCookieAuth",
        {"type": "apiKey", "in": "cookie", "name": app.config["JWT_REFRESH_COOKIE_NAME"]},
    )
    spec.components.security_scheme(
        "csrfToken",
        {
            "type": "apiKey",
            "in": "header",
            "name": header,
            "description": "The value of the cookie `csrf_access_token` (double submit;"
            " `csrf_refresh_token` for the refresh)",
        },
    )
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.schema("RateLimited", schema=RateLimitedSchema)
    for name, description, schema in ERROR_RESPONSES.values():
        spec.components.response(name, _json_response(description, schema))


def _json_response(description: str, schema: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query_parameters(marshmallow: MarshmallowPlugin, schema: type[Schema]) -> list[dict]:
    """The query schema's fields; a query value is never null (absent means the default)."""
    parameters = marshmallow.converter.schema2parameters(schema, location="query")
    for parameter in parameters:
        field = parameter["schema"]
        if isinstance(field.get("type"), list):
            types = [t for t in field["type"] if t != "null"]
            field["type"] = types[0] if len(types) == 1 else types
        if "default" in field and field["default"] is None:
            del field["default"]
    return parameters


def _operation(op: Operation, rule: Rule, method: str, query: list[dict]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "tags": [op.endpoint.partition(".")[0]],
        "security": _security(op.auth, method),
        "responses": _responses(op, method),
    }
    parameters = [
        {"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
        for name in sorted(rule.arguments)
    ] + query
    if parameters:
        document["parameters"] = parameters
    if op.body is not None:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": op.body}},
        }
    if op.upload:
        document["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": FILE_BODY}},
        }
    return document


def _security(auth: Auth, method: str) -> list[dict[str, list[str]]]:
    if auth is Auth.NONE:
        return []
    signed_in = {"refreshCookieAuth" if auth is Auth.REFRESH else "cookieAuth": []}
    if method in STATE_CHANGING:
        signed_in["csrfToken"] = []
    return [{}, signed_in] if auth is Auth.OPTIONAL else [signed_in]


def _responses(op: Operation, method: str) -> dict[str, Any]:
    schema: Any = op.response if op.response is not None else {"type": "object"}
    responses: dict[str, Any] = {str(op.status): _json_response(op.summary, schema)}
    if op.download:
        responses[str(op.status)] = {"description": op.summary, "content": FILE_ANSWER}
    for status in sorted(_error_statuses(op, method)):
        responses[str(status)] = ERROR_RESPONSES[status][0]
    return responses


def _error_statuses(op: Operation, method: str) -> set[int]:
    statuses = {429, *op.errors}  # every route is rate-limited
    if op.body is not None or op.query is not None:
        statuses.add(400)
    if op.body is not None or op.upload:
        statuses.add(413)
    if op.auth is not Auth.NONE:
        statuses.add(401)
        if method in STATE_CHANGING:
            statuses.add(403)  # CSRF
    return statuses


@bp.get("/openapi.json")
def document():
    """The OpenAPI document; built once per app."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if EXTENSION_KEY not in app.extensions:
        app.extensions[EXTENSION_KEY] = build_spec(app)
    return jsonify(app.extensions[EXTENSION_KEY])
