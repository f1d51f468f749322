"""One error type for the API and the handlers that turn every error into JSON."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the client should see: HTTP status, stable code, human message, field errors."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, list[str]] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.retry_after = retry_after

    @classmethod
    def invalid(cls, err: ValidationError) -> ApiError:
        return cls(400, "invalid_input", "Some fields are invalid", flatten_messages(err.messages))

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"error": self.message, "code": self.code}
        if self.fields:
            body["fields"] = self.fields
        if self.retry_after is not None:
            body["retry_after"] = self.retry_after
        return body

    def to_ack(self) -> dict[str, object]:
        """As a socket event's ack: {ok: false, error: <code>, message, fields?, retry_after?}."""
        body = self.to_dict()
        return {"ok": False, "error": body.pop("code"), "message": body.pop("error"), **body}


def flatten_messages(messages: object, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages → {"field.sub": ["message", ...]}."""
    if isinstance(messages, dict):
        out: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(flatten_messages(value, name))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": list(messages)}
    return {prefix or "_schema": [str(messages)]}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(err: ApiError):
        headers = {"Retry-After": str(err.retry_after)} if err.retry_after else {}
        return jsonify(err.to_dict()), err.status, headers

    @app.errorhandler(ValidationError)
    def validation_error(err: ValidationError):
        return api_error(ApiError.invalid(err))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = (err.name or "error").lower().replace(" ", "_")
        status = err.code or 500
        keep = [(k, v) for k, v in err.get_headers() if k.lower() != "content-type"]  # e.g. Allow
        return jsonify({"error": err.description or err.name, "code": code}), status, keep

    @app.errorhandler(Exception)
    def unexpected_error(err: Exception):
        outage = _storage_outage(err)
        if outage is not None:
            return api_error(outage)
        log.exception("unhandled error request_id=%s", g.get("request_id", "-"))
        body = {"error": "Something went wrong on our side", "code": "internal_error"}
        return jsonify(body), 500


def _storage_outage(err: Exception) -> ApiError | None:
    """The store cannot be reached: a retryable 503 (and the store is taken as down)."""
    from .storage import get_store  # storage imports this module
    from .storage.health import store_health, unavailable

    if not get_store().is_outage(err):
        return None
    store_health().mark_down()
    return unavailable()
