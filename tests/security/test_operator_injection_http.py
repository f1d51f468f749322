"""MongoDB operators in every field of every HTTP route: 400 naming the field, or 404 for an
id; nothing stored. Routes come from chat.openapi.OPERATIONS and the app's url_map (a contract
test keeps those complete), so a new route is attacked without a change here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from marshmallow import Schema
from werkzeug.routing import Rule

from chat.openapi import OPERATIONS, Operation, documented_methods, openapi_path
from tests.helpers import PASSWORD, client_id, csrf_headers
from tests.session_tokens import ACCESS_COOKIE, claims_of

from .attacks import OPERATORS, World, as_text, make_world, names_field, snapshot

# A body each schema accepts, so a 400 can only come from the one field an attack replaced.
# Keyed by schema name: a route added with a new schema fails here until it gets an entry.
VALID_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "SignupSchema": lambda w: {
        "full_name": "Eve",
        "username": "eve",
        "password": PASSWORD,
        "confirm_password": PASSWORD,
    },
    "LoginSchema": lambda w: {"username": "ann", "password": PASSWORD},
    "PasswordChangeSchema": lambda w: {
        "current_password": PASSWORD,
        "new_password": "a brand new passphrase 42",
    },
    "SendMessageSchema": lambda w: {"to": w.bob_id, "text": "hi", "client_id": client_id()},
    "CreateGroupSchema": lambda w: {"title": "Team", "member_ids": [w.bob_id]},
    "RenameSchema": lambda w: {"title": "Team"},
    "AddMembersSchema": lambda w: {"user_ids": [w.bob_id]},
    "RoleSchema": lambda w: {"role": "admin"},
    "SettingsChangeSchema": lambda w: {"share_typing": True},
    "ProfileSchema": lambda w: {"full_name": "Ann Lee"},
    "MembershipSchema": lambda w: {"muted": True},
}
# A real value of each path parameter, by name.
PATH_VALUES: dict[str, Callable[[World], str]] = {
    "user_id": lambda w: w.bob_id,
    "conversation_id": lambda w: w.conversation_id,
    "seq": lambda w: "1",
    "session_id": lambda w: session_of(w.bob),  # Bob's: never one that would sign Ann out
    "attachment_id": lambda w: "0" * 24,  # the only id of its routes: the one attacked
}


def session_of(client: FlaskClient) -> str:
    return claims_of(client.application, client.get_cookie(ACCESS_COOKIE).value)["session"]


@pytest.fixture
def world(app, make_client) -> World:
    return make_world(app, make_client)


def api_rules(world: World) -> dict[str, Rule]:
    return {r.endpoint: r for r in world.app.url_map.iter_rules() if r.rule.startswith("/api")}


def url(world: World, rule: Rule, **overrides: str) -> str:
    values = {name: PATH_VALUES[name](world) for name in rule.arguments}
    return openapi_path(rule).format(**{**values, **overrides})


def calls(world: World, attribute: str) -> Iterator[tuple[Operation, Rule, str]]:
    rules = api_rules(world)
    for op in OPERATIONS:
        if getattr(op, attribute) is not None:
            for method in documented_methods(rules[op.endpoint]):
                yield op, rules[op.endpoint], method


def request(world: World, method: str, path: str, **kwargs: Any):
    return world.ann.open(path, method=method, headers=csrf_headers(world.ann), **kwargs)


def field_names(schema: type[Schema]) -> list[str]:
    return [field.data_key or name for name, field in schema().fields.items()]


def other_required(schema: type[Schema], field: str) -> dict[str, str]:
    """The query's other required fields, with a plain word (search's q), so that the answer
    is about the field under test."""
    fields = schema().fields.items()
    return {
        f.data_key or n: "zebra" for n, f in fields if f.required and (f.data_key or n) != field
    }


def test_operator_in_any_json_body_field_is_400_naming_that_field(world) -> None:
    before, failures = snapshot(world), []
    for op, rule, method in calls(world, "body"):
        valid = VALID_BODIES.get(op.body.__name__)
        assert valid, f"add a valid {op.body.__name__} to VALID_BODIES"
        for field in field_names(op.body):
            for operator in OPERATORS:
                body = {**valid(world), field: operator}
                response = request(world, method, url(world, rule), json=body)
                answer = response.get_json()
                if response.status_code != 400 or not names_field(answer, field):
                    failures.append((op.endpoint, field, operator, response.status_code, answer))
    assert failures == []
    assert snapshot(world) == before


def test_operator_object_as_the_whole_body_is_400(world) -> None:
    before = snapshot(world)
    for op, rule, method in calls(world, "body"):
        for operator in OPERATORS:
            response = request(world, method, url(world, rule), json=operator)
            assert response.status_code == 400, (op.endpoint, operator, response.get_json())
            assert response.get_json()["code"] == "invalid_input"
    assert snapshot(world) == before


def test_bracketed_operator_in_any_query_parameter_is_400(world) -> None:
    """`?q[$ne]=x` is how qs-style parsers build operator objects; here it is an unknown field."""
    for op, rule, method in calls(world, "query"):
        for field in field_names(op.query):
            for key in (f"{field}[$ne]", f"{field}[$gt]", f"{field}[$where]"):
                response = request(world, method, url(world, rule), query_string={key: "1"})
                assert response.status_code == 400, (op.endpoint, key, response.get_json())
                assert key in response.get_json()["fields"]


def test_operator_text_in_any_query_parameter_is_400_or_matches_nothing(world) -> None:
    """A query value is text: a number field refuses it, a search finds nobody with it, an id
    names nothing."""
    for op, rule, method in calls(world, "query"):
        for field in field_names(op.query):
            for operator in OPERATORS:
                text = json.dumps(operator)
                query = {**other_required(op.query, field), field: text}
                response = request(world, method, url(world, rule), query_string=query)
                answer = response.get_json()
                if response.status_code == 400:
                    assert field in answer["fields"], (op.endpoint, field, answer)
                elif response.status_code == 404:  # an id that names nothing (search's scope)
                    assert answer["code"].endswith("_not_found"), (op.endpoint, field, answer)
                else:
                    assert response.status_code == 200, (op.endpoint, field, answer)
                    lists = [v for v in answer.values() if isinstance(v, list)]
                    assert lists and all(v == [] for v in lists), (op.endpoint, text, answer)


def test_operator_as_any_path_id_is_404(world) -> None:
    """With a valid body where the route takes one, so a 404 can only come from the path."""
    before, failures = snapshot(world), []
    bodies = {op.endpoint: op.body for op in OPERATIONS}
    for endpoint, rule in api_rules(world).items():
        schema = bodies.get(endpoint)
        body = VALID_BODIES[schema.__name__](world) if schema else {}
        for name in rule.arguments:
            for method in documented_methods(rule):
                for operator in OPERATORS:
                    path = url(world, rule, **{name: as_text(operator)})
                    response = request(world, method, path, json=body)
                    if response.status_code != 404 or not response.is_json:
                        failures.append((rule.rule, method, operator, response.status_code))
    assert failures == []
    assert snapshot(world) == before
