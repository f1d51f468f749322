"""The OpenAPI document: valid, complete (every /api route), and true to what the app enforces."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from chat.openapi import documented_methods, openapi_path
from tests.helpers import csrf_headers, signup

Document = dict[str, Any]


@pytest.fixture
def document(client: FlaskClient) -> Document:
    response = client.get("/api/openapi.json")  # no session: the document is public
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.fixture
def world(app: Flask) -> dict[str, Any]:
    """Ann signed in, talking with Bob: real values for every path parameter."""
    ann = app.test_client()
    signup(ann, "ann")
    bob = signup(app.test_client(), "bob")
    sent = ann.post(
        "/api/messages",
        json={"to": bob["id"], "text": "hi", "client_id": "contract-0001"},
        headers=csrf_headers(ann),
    )
    assert sent.status_code == 201
    conversation_id = sent.get_json()["message"]["conversation_id"]
    return {"client": ann, "path": {"user_id": bob["id"], "conversation_id": conversation_id}}


def operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def deref(document: Document, node: dict[str, Any]) -> dict[str, Any]:
    """Follow local $refs until a concrete object."""
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def body_schema(document: Document, operation: dict[str, Any]) -> dict[str, Any] | None:
    json_body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return None if json_body is None else deref(document, json_body["schema"])


def query_parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in operation.get("parameters", []) if p["in"] == "query"]


def call(world: dict[str, Any], method: str, path: str, **kwargs: Any):
    """A request as Ann, with the CSRF header and path parameters filled with real ids."""
    client: FlaskClient = world["client"]
    url = re.sub(r"{(\w+)}", lambda m: world["path"][m.group(1)], path)
    return client.open(url, method=method, headers=csrf_headers(client), **kwargs)


def field_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.get_json()
    return response.get_json().get("fields", {})


def test_document_is_valid_openapi_3(document: Document) -> None:
    assert document["openapi"].startswith("3.")
    validate(document)
    results = list(schemathesis.openapi.from_dict(document).get_all_operations())
    assert [r.err() for r in results if hasattr(r, "err")] == []  # schemathesis can test each
    assert len(results) == len(list(operations(document)))


def test_every_api_route_is_documented_and_nothing_else(app: Flask, document: Document) -> None:
    routes = {
        (openapi_path(rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in documented_methods(rule)
    }
    documented = {(path, method) for path, method, _ in operations(document)}
    assert routes == documented


def test_session_cookie_and_csrf_header_are_the_apps(app: Flask, document: Document) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["cookieAuth"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": app.config["JWT_ACCESS_COOKIE_NAME"],
    }
    assert schemes["csrfToken"]["in"] == "header"
    assert schemes["csrfToken"]["name"] == app.config["JWT_ACCESS_CSRF_HEADER_NAME"]
    assert schemes["refreshCookieAuth"]["name"] == app.config["JWT_REFRESH_COOKIE_NAME"]
    for _, method, operation in operations(document):
        cookie = "refreshCookieAuth" if operation["operationId"] == "auth.refresh" else "cookieAuth"
        for requirement in operation["security"]:
            if requirement and method != "GET":
                assert set(requirement) == {cookie, "csrfToken"}
            elif requirement:
                assert set(requirement) == {cookie}


def test_operations_needing_a_session_answer_a_documented_401(
    client: FlaskClient, document: Document
) -> None:
    loaded = schemathesis.openapi.from_dict(document)
    for path, method, operation in operations(document):
        if not operation["security"] or {} in operation["security"]:
            continue  # public, or a session is optional
        url = re.sub(r"{\w+}", "1", path)
        response = client.open(url, method=method)
        assert response.status_code == 401, (method, path)
        loaded[path][method].validate_response(response)


def test_required_body_fields_are_exactly_those_the_app_requires(
    world: dict[str, Any], document: Document
) -> None:
    checked = 0
    for path, method, operation in operations(document):
        schema = body_schema(document, operation)
        if schema is None:
            continue
        response = call(world, method, path, json={})
        if not schema.get("required"):  # every field optional: an empty body changes nothing
            assert response.status_code == 200, (path, response.get_json())
            continue
        assert set(field_errors(response)) == set(schema["required"]), path
        checked += 1
    assert checked >= 3  # signup, login, messages


def test_unknown_body_fields_are_rejected_as_documented(
    world: dict[str, Any], document: Document
) -> None:
    for path, method, operation in operations(document):
        schema = body_schema(document, operation)
        if schema is None:
            continue
        assert schema["additionalProperties"] is False
        assert "surprise" in field_errors(call(world, method, path, json={"surprise": 1})), path


def invalid_values(schema: dict[str, Any]) -> list[Any]:
    """Values the property's documented constraints forbid."""
    values: list[Any] = []
    if "maxLength" in schema:
        values.append("x" * (schema["maxLength"] + 1))
    if schema.get("minLength", 0) > 0:
        values.append("")
    if "pattern" in schema and not re.search(schema["pattern"], "!" * 8):
        values.append("!" * 8)
    if "enum" in schema:
        values.append("not-an-option")
    if "maximum" in schema:
        values.append(schema["maximum"] + 1)
    if "minimum" in schema:
        values.append(schema["minimum"] - 1)
    if schema.get("type") == "integer":
        values.append("eleven")
    return values


def test_documented_body_constraints_are_enforced(
    world: dict[str, Any], document: Document
) -> None:
    checked = 0
    for path, method, operation in operations(document):
        schema = body_schema(document, operation)
        for name, prop in (schema or {}).get("properties", {}).items():
            for value in invalid_values(prop):
                errors = field_errors(call(world, method, path, json={name: value}))
                assert name in errors, (path, name, value)
                checked += 1
    assert checked >= 10


def test_documented_query_parameters_are_enforced(
    world: dict[str, Any], document: Document
) -> None:
    checked = 0
    for path, method, operation in operations(document):
        parameters = query_parameters(operation)
        if not parameters:
            continue
        required = {p["name"] for p in parameters if p["required"]}
        response = call(world, method, path)
        if required:
            assert set(field_errors(response)) == required, path
        else:
            assert response.status_code == 200, path
        valid = {p["name"]: "a" for p in parameters if p["required"]}
        for parameter in parameters:
            for value in invalid_values(parameter["schema"]):
                query = {**valid, parameter["name"]: value}
                errors = field_errors(call(world, method, path, query_string=query))
                assert parameter["name"] in errors, (path, query)
                checked += 1
    assert checked >= 8
