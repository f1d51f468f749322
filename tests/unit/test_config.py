"""Configuration from the environment: safe defaults, clear errors for unsafe production."""

from __future__ import annotations

import logging

import pytest

from chat.config import ConfigError, Settings


def test_production_without_jwt_secret_refuses_to_start() -> None:
    with pytest.raises(ConfigError, match="JWT_SECRET"):
        Settings.from_env({"APP_ENV": "production"}).to_flask()


def test_production_with_short_secret_refuses_to_start() -> None:
    with pytest.raises(ConfigError, match="32"):
        Settings.from_env({"APP_ENV": "production", "JWT_SECRET": "short"}).to_flask()


def test_development_generates_a_secret_and_warns(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        first = Settings.from_env({}).to_flask()
    assert len(first["JWT_SECRET_KEY"]) >= 32
    assert first["JWT_SECRET_KEY"] != Settings.from_env({}).to_flask()["JWT_SECRET_KEY"]
    assert "JWT_SECRET" in caplog.text


def test_cookies_are_secure_only_outside_development() -> None:
    prod = Settings.from_env({"APP_ENV": "production", "JWT_SECRET": "s" * 40}).to_flask()
    dev = Settings.from_env({"APP_ENV": "development"}).to_flask()
    assert prod["JWT_COOKIE_SECURE"] is True and dev["JWT_COOKIE_SECURE"] is False
    assert prod["JWT_COOKIE_CSRF_PROTECT"] is True


def test_unknown_environment_is_an_error() -> None:
    with pytest.raises(ConfigError, match="APP_ENV"):
        Settings.from_env({"APP_ENV": "staging"}).to_flask()


def test_values_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {"PORT": "8080", "MONGO_DB_URI": "mongodb://db/chat", "CORS_ORIGINS": "http://a, http://b"}
    )
    assert settings.port == 8080
    assert settings.mongo_db_uri == "mongodb://db/chat"
    assert settings.cors_origins == ["http://a", "http://b"]


def test_wildcard_origins_are_refused_in_production() -> None:
    env = {"APP_ENV": "production", "JWT_SECRET": "s" * 40, "CORS_ORIGINS": "https://a.example,*"}
    with pytest.raises(ConfigError, match="CORS_ORIGINS"):
        Settings.from_env(env).to_flask()


@pytest.mark.parametrize("threshold", ["0", "99", "2000000"])
def test_a_young_gc_threshold_out_of_range_is_an_error(threshold: str) -> None:
    with pytest.raises(ConfigError, match="GC_YOUNG_THRESHOLD"):
        Settings.from_env({"GC_YOUNG_THRESHOLD": threshold}).to_flask()
