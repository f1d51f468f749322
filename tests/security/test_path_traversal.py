"""Traversal and odd ids in every path parameter and in the static/SPA route: 404 or 400 (405 for
a write to a path that no longer matches a route), never a 500, never a file from outside
chat/static."""

from __future__ import annotations

import http.client
from urllib.parse import quote, unquote

import pytest
from werkzeug.routing import Rule

from chat.openapi import documented_methods, openapi_path
from tests.helpers import csrf_headers

from .attacks import WEIRD_IDS, World, make_world

# Files outside chat/static and a line each of them holds.
SECRETS = {
    "/etc/passwd": "root:x:0:0",
    "pyproject.toml": "[build-system]",
    "chat/__init__.py": "def create_app",
}
# Raw request targets for the static route, sent as they are (no client normalises them).
STATIC_ATTACKS = [
    "/../../etc/passwd",
    "/static/../../pyproject.toml",
    "/assets/../../pyproject.toml",
    "/assets/../../__init__.py",
    "/..%2f..%2fpyproject.toml",
    "/%2e%2e/%2e%2e/pyproject.toml",
    "/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/assets/..%2f..%2f__init__.py",
    "/%252e%252e%252fpyproject.toml",
    "/..%5c..%5cpyproject.toml",
    "/....//....//pyproject.toml",
    "/%2fetc%2fpasswd",
    "//etc/passwd",
    "/assets/%00",
    "/index.html%00.txt",
    "/" + "a" * 5000,
    "/assets/" + quote("é" * 300),
    "/" + "a/" * 2000,
]
ACCEPTABLE = {200, 400, 404, 405}  # 200 only as the SPA's own index.html


@pytest.fixture
def world(app, make_client) -> World:
    return make_world(app, make_client)


def id_paths(world: World) -> list[tuple[Rule, str, str]]:
    """(rule, method, path) for every /api rule with a path parameter and every weird id."""
    values = {"user_id": world.bob_id, "conversation_id": world.conversation_id, "seq": "1"}
    out = []
    for rule in world.app.url_map.iter_rules():
        if not rule.rule.startswith("/api") or not rule.arguments:
            continue
        for name in rule.arguments:
            for weird in WEIRD_IDS:
                path = openapi_path(rule).format(**{**values, name: quote(weird, safe="%")})
                out.extend((rule, method, path) for method in documented_methods(rule))
    return out


def test_weird_id_in_any_path_parameter_is_404_or_400_never_500(world) -> None:
    paths = id_paths(world)
    assert paths, "no /api route with a path parameter: the enumeration is broken"
    failures = []
    for rule, method, path in paths:
        headers = csrf_headers(world.ann)
        response = world.ann.open(path, method=method, headers=headers, json={})
        slash = "/" in unquote(path.removeprefix(openapi_path(rule).split("{")[0]))
        allowed = {400, 404, 405} if slash else {400, 404}
        if response.status_code not in allowed or not response.is_json:
            failures.append((rule.rule, method, path[:80], response.status_code))
    assert failures == []


def assert_not_a_secret(status: int, content_type: str, body: str, target: str) -> None:
    assert status in ACCEPTABLE, (target[:80], status, body[:200])
    for secret in SECRETS.values():
        assert secret not in body, (target[:80], "served a file from outside chat/static")
    if status == 200:  # the client-side route fallback: our own index.html, nothing else
        assert content_type.startswith("text/html") and 'id="root"' in body, target[:80]


def test_traversal_through_the_static_route_in_process_never_serves_a_file_outside(
    client,
) -> None:
    for target in STATIC_ATTACKS:
        response = client.get(target)
        body = response.get_data(as_text=True)
        assert_not_a_secret(response.status_code, response.content_type, body, target)


def test_traversal_through_the_static_route_of_the_real_server_never_serves_a_file_outside(
    live_server,
) -> None:
    """Raw request targets through gunicorn, which decodes and splits paths its own way."""
    for target in STATIC_ATTACKS:
        connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        connection.close()
        assert_not_a_secret(response.status, response.getheader("Content-Type", ""), body, target)
