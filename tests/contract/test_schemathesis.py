"""Schemathesis against the real server process: no 5xx, every status and body as documented.

Runs the schemathesis CLI (examples, coverage, fuzzing and stateful phases) on /api/openapi.json
of the live server. A signed-up user's session cookie and CSRF header are configured as the
document's security schemes, so signed-in operations are exercised (schemathesis also drops them
on purpose to test the 401s). Seeded users and conversations feed the ids half of the time;
operations only a real id gets a 2xx from (an avatar, a message's readers) also get one example
case with real ids (schemathesis_hooks.py), so each is served once with the credentials.
Logout, refresh, password change and ending sessions run last with a session of their own, so
they do not end or replace the one the rest uses.

(The CLI rather than schemathesis.pytest.from_fixture: 4.32 breaks on pytest 9.2's nodes.)
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from chat.openapi import OPERATIONS
from tests.files import image_bytes
from tests.helpers import PASSWORD, client_id
from tests.outbox_client import sign_up

MAX_EXAMPLES = 30
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
TIMEOUT = 10
RUN_TIMEOUT = 120
TESTER = "ann_contract"
# Loaded by the CLI only (importing it here would register its hook in this process too).
HOOKS = Path(__file__).with_name("schemathesis_hooks.py")
EXAMPLES_ENV = "CONTRACT_PATH_EXAMPLES"  # the hook's input
# Operations that end or replace the session: run last, with a session of their own.
SESSION_ENDING = (
    "auth.logout",
    "auth.refresh",
    "auth.change_password",
    "auth.end_one_session",  # the stateful phase follows GET /api/auth/sessions to this one
    "auth.end_other_sessions",
)


@dataclass(frozen=True)
class Seeded:
    url: str
    user_ids: list[str]
    conversation_ids: list[str]
    # Operation label -> path parameter -> a real value (see schemathesis_hooks.py).
    path_examples: dict[str, dict[str, str]]


def csrf(session: requests.Session) -> dict[str, str]:
    return {"X-CSRF-TOKEN": session.cookies["csrf_access_token"]}


def send(url: str, session: requests.Session, to: str, text: str) -> dict:
    response = session.post(
        url + "/api/messages",
        json={"to": to, "text": text, "client_id": client_id()},
        headers=csrf(session),
        timeout=TIMEOUT,
    )
    assert response.status_code == 201, response.text
    return response.json()["message"]


def set_avatar(url: str, session: requests.Session) -> str:
    """Upload a profile picture; its attachment id."""
    response = session.post(
        url + "/api/users/me/avatar",
        files={"file": ("me.png", io.BytesIO(image_bytes()), "image/png")},
        headers=csrf(session),
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    return response.json()["user"]["avatar_url"].rpartition("/")[2]


def sign_in(url: str, username: str) -> requests.Session:
    session = requests.Session()
    response = session.post(
        url + "/api/auth/login",
        json={"username": username, "password": PASSWORD},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    return session


@pytest.fixture
def seeded(live_server) -> Seeded:
    """The tester talks with Bob; Cleo talks with Bob too (a conversation not the tester's).

    Cleo has a profile picture (the tester's own may be replaced during the run).
    """
    url = live_server.url
    tester, me = sign_up(url, TESTER)
    _, bob = sign_up(url, "bob_contract")
    cleo, _ = sign_up(url, "cleo_contract")
    mine = [send(url, tester, bob["id"], f"hello {n}") for n in range(3)]
    theirs = send(url, cleo, bob["id"], "not for the tester")
    readers = {"conversation_id": mine[0]["conversation_id"], "seq": str(mine[0]["seq"])}
    return Seeded(
        url=url,
        user_ids=[bob["id"], me["id"]],
        conversation_ids=[mine[0]["conversation_id"], theirs["conversation_id"]],
        path_examples={
            "GET /api/avatars/{attachment_id}": {"attachment_id": set_avatar(url, cleo)},
            "GET /api/conversations/{conversation_id}/messages/{seq}/readers": readers,
        },
    )


def config(seeded: Seeded, session: requests.Session) -> dict:
    """schemathesis.toml: credentials, seeded ids, bounded generation, no color."""
    return {
        "color": False,
        "hooks": str(HOOKS),
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "request-timeout": TIMEOUT,
        "auth": {
            "openapi": {
                "cookieAuth": {"api_key": session.cookies["access_token_cookie"]},
                "csrfToken": {"api_key": session.cookies["csrf_access_token"]},
            }
        },
        "dictionaries": {
            "users": {"values": seeded.user_ids},
            "conversations": {"values": seeded.conversation_ids},
            "usernames": {"values": [TESTER]},
            "passwords": {"values": [PASSWORD]},
        },
        "parameters": {
            "path.user_id": {"dictionary": "users", "probability": 0.5},
            "path.conversation_id": {"dictionary": "conversations", "probability": 0.5},
            "body.to": {"dictionary": "users", "probability": 0.5},
            # Some sign-ups and logins succeed: a known password (typed twice) and username.
            "body.password": {"dictionary": "passwords", "probability": 0.5},
            "body.confirm_password": {"dictionary": "passwords", "probability": 0.5},
            "body.username": {"dictionary": "usernames", "probability": 0.3},
        },
    }


def toml(value: object) -> str:
    """Enough TOML for config(): inline tables, arrays, strings, numbers, booleans."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def schemathesis(seeded: Seeded, settings: dict, workdir: Path, *options: str) -> str:
    """Run the CLI on the server's document; its report, asserting that every check passed."""
    workdir.mkdir(exist_ok=True)
    config_file = workdir / "schemathesis.toml"
    config_file.write_text("\n".join(f"{json.dumps(k)} = {toml(v)}" for k, v in settings.items()))
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config_file),
        "run",
        seeded.url + "/api/openapi.json",
        "--checks",
        CHECKS,
        *options,
    ]
    env = {**os.environ, EXAMPLES_ENV: json.dumps(seeded.path_examples)}
    result = subprocess.run(
        command,
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-30000:]
    return report


def operations_tested(report: str) -> int:
    """How many operations the run tested; -1 unless it tested all it selected."""
    selected = re.search(r"Selected: (\d+)/", report)
    done = re.search(r"Tested: (\d+)", report)
    if not selected or not done or selected.group(1) != done.group(1):
        return -1
    return int(done.group(1))


def test_every_operation_matches_the_document(seeded: Seeded, tmp_path: Path) -> None:
    settings = config(seeded, sign_in(seeded.url, TESTER))
    settings["warnings"] = {"fail-on": ["missing_auth", "unused_openapi_auth"]}
    excluded = [arg for op in SESSION_ENDING for arg in ("--exclude-operation-id", op)]
    report = schemathesis(seeded, settings, tmp_path / "all", *excluded)
    # Every operation but those and the document itself (schemathesis leaves its source out).
    assert operations_tested(report) == len(OPERATIONS) - len(SESSION_ENDING) - 1, report

    included = [arg for op in SESSION_ENDING for arg in ("--include-operation-id", op)]
    session = sign_in(seeded.url, TESTER)
    settings = config(seeded, session)
    refresh = {"api_key": session.cookies["refresh_token_cookie"]}
    settings["auth"]["openapi"]["refreshCookieAuth"] = refresh
    report = schemathesis(seeded, settings, tmp_path / "session", *included)
    assert operations_tested(report) == len(SESSION_ENDING), report
