"""Every environment variable the app reads is in the README, and .env.example names no other."""

from __future__ import annotations

import re
from pathlib import Path

from chat.config import Settings

ROOT = Path(__file__).resolve().parents[2]
GONE = {"TOKEN_HOURS"}  # read only to warn that it no longer does anything


class RecordingEnv(dict):
    """An empty environment that remembers every name asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: object = None) -> object:
        self.asked.add(key)
        return super().get(key, default)


def read_settings() -> set[str]:
    env = RecordingEnv()
    Settings.from_env(env)
    return env.asked - GONE


def test_every_setting_the_app_reads_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [n for n in read_settings() if not re.search(rf"`{n}[`=]", readme)]  # `X` or `X=…`
    assert sorted(missing) == []


def test_env_example_names_only_settings_the_app_reads() -> None:
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert named and sorted(named - read_settings()) == []
