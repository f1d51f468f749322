"""Configuration: the only module that reads the environment (and `.env` when present)."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

log = logging.getLogger(__name__)

ENVIRONMENTS = ("development", "production", "test")
REFRESH_PATH = "/api/auth/refresh"  # the one route the refresh cookie is sent to
ASYNC_MODES = ("eventlet", "gevent")

# Abuse limits (limits-library syntax); each can be overridden by the environment variable.
DEFAULT_LIMITS = {
    "RATELIMIT_API": "600 per minute",  # every HTTP route, per signed-in user or address
    "RATELIMIT_SIGNUP": "5 per minute; 20 per hour",  # per address
    "RATELIMIT_LOGIN": "20 per minute; 200 per hour",  # per address
    "RATELIMIT_LOGIN_FAILURES": "5 per minute; 20 per 15 minutes; 100 per hour",  # per account
    "SOCKET_MESSAGE_LIMIT": "20 per 10 seconds; 120 per minute",  # per user: burst 20, 2/s
    "SOCKET_EVENT_LIMIT": "60 per 10 seconds; 600 per minute",  # sync/read/delivered per user
}


class ConfigError(RuntimeError):
    """The configuration cannot start the app; the message says what to set."""


@dataclass
class Settings:
    """Values read from the environment, before they become Flask config keys."""

    app_env: str = "development"
    port: int = 5000
    mongo_db_uri: str | None = None
    data_dir: Path = Path("data")
    jwt_secret: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    redis_url: str | None = None
    access_token_minutes: float = 15
    session_idle_hours: float = 24 * 7
    session_absolute_days: float = 30
    refresh_reuse_grace_seconds: float = 30
    gc_freeze_seconds: float = 10.0
    gc_young_threshold: int = 20_000
    password_min_length: int = 12
    async_mode: str = "eventlet"
    proxy_hops: int = 0
    log_format: str | None = None
    diagnostics: bool = False
    metrics_token: str | None = None
    max_sockets_per_user: int = 20
    max_sockets_per_address: int = 200
    socket_connect_timeout: float = 5.0
    max_events_in_flight: int = 200
    event_queue_target_ms: float = 50.0
    group_max_members: int = 256
    edit_window_minutes: float = 60
    max_upload_mb: int = 10
    upload_quota_mb: int = 500
    ratelimit_enabled: bool = True
    limits: dict[str, str] = field(default_factory=dict)
    message_key: str | None = None
    message_old_keys: list[str] = field(default_factory=list)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        if env is None:
            load_dotenv()
            env = dict(os.environ)
        origins = _split(env.get("CORS_ORIGINS", ""))
        if env.get("TOKEN_HOURS"):
            log.warning("TOKEN_HOURS is no longer read: see SESSION_IDLE_HOURS and friends")
        return cls(
            app_env=env.get("APP_ENV", "development").strip().lower(),
            port=int(env.get("PORT", "5000")),
            mongo_db_uri=env.get("MONGO_DB_URI") or None,
            data_dir=Path(env.get("DATA_DIR", "data")),
            jwt_secret=env.get("JWT_SECRET") or None,
            cors_origins=origins,
            redis_url=env.get("REDIS_URL") or None,
            access_token_minutes=float(env.get("ACCESS_TOKEN_MINUTES", "15")),
            session_idle_hours=float(env.get("SESSION_IDLE_HOURS", str(24 * 7))),
            session_absolute_days=float(env.get("SESSION_ABSOLUTE_DAYS", "30")),
            refresh_reuse_grace_seconds=float(env.get("REFRESH_REUSE_GRACE_SECONDS", "30")),
            gc_freeze_seconds=float(env.get("GC_FREEZE_SECONDS", "10")),
            gc_young_threshold=int(env.get("GC_YOUNG_THRESHOLD", "20000")),
            password_min_length=int(env.get("PASSWORD_MIN_LENGTH", "12")),
            async_mode=env.get("ASYNC_MODE", "eventlet").strip().lower(),
            proxy_hops=int(env.get("PROXY_HOPS", "0")),
            log_format=env.get("LOG_FORMAT") or None,
            diagnostics=env.get("CHAT_DIAGNOSTICS", "").strip() == "1",
            metrics_token=env.get("METRICS_TOKEN") or None,
            max_sockets_per_user=int(env.get("MAX_SOCKETS_PER_USER", "20")),
            max_sockets_per_address=int(env.get("MAX_SOCKETS_PER_ADDRESS", "200")),
            socket_connect_timeout=float(env.get("SOCKET_CONNECT_TIMEOUT", "5")),
            max_events_in_flight=int(env.get("MAX_EVENTS_IN_FLIGHT", "200")),
            event_queue_target_ms=float(env.get("EVENT_QUEUE_TARGET_MS", "50")),
            group_max_members=int(env.get("GROUP_MAX_MEMBERS", "256")),
            edit_window_minutes=float(env.get("EDIT_WINDOW_MINUTES", "60")),
            max_upload_mb=int(env.get("MAX_UPLOAD_MB", "10")),
            upload_quota_mb=int(env.get("UPLOAD_QUOTA_MB", "500")),
            ratelimit_enabled=env.get("RATELIMIT_ENABLED", "true").strip().lower()
            not in ("0", "false", "no", "off"),
            limits={key: env[key] for key in DEFAULT_LIMITS if env.get(key)},
            message_key=env.get("MESSAGE_ENCRYPTION_KEY") or None,
            message_old_keys=_split(env.get("MESSAGE_ENCRYPTION_OLD_KEYS", "")),
        )

    def to_flask(self) -> dict[str, object]:
        """Flask config keys; raises ConfigError for settings that cannot run."""
        if self.app_env not in ENVIRONMENTS:
            raise ConfigError(
                f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.app_env!r}"
            )
        production = self.app_env == "production"
        secret = self.jwt_secret
        if not secret:
            if production:
                raise ConfigError(
                    "JWT_SECRET is required when APP_ENV=production (32+ random bytes)"
                )
            secret = secrets.token_urlsafe(48)
            log.warning("JWT_SECRET is not set: generated a random one; sessions end on restart")
        elif production and len(secret) < 32:
            raise ConfigError("JWT_SECRET must be at least 32 characters in production")
        if min(self.access_token_minutes, self.session_idle_hours, self.session_absolute_days) <= 0:
            raise ConfigError(
                "ACCESS_TOKEN_MINUTES, SESSION_IDLE_HOURS and SESSION_ABSOLUTE_DAYS must be > 0"
            )
        if self.max_sockets_per_address < 1 or self.socket_connect_timeout <= 0:
            raise ConfigError("MAX_SOCKETS_PER_ADDRESS must be >= 1 and SOCKET_CONNECT_TIMEOUT > 0")
        if not 0 <= self.refresh_reuse_grace_seconds <= 300:
            raise ConfigError("REFRESH_REUSE_GRACE_SECONDS must be between 0 and 300")
        if self.max_events_in_flight < 1:
            raise ConfigError("MAX_EVENTS_IN_FLIGHT must be >= 1")
        if not 0 <= self.event_queue_target_ms <= 10_000:
            raise ConfigError("EVENT_QUEUE_TARGET_MS must be between 0 and 10000")
        if not 100 <= self.gc_young_threshold <= 1_000_000:  # 0 would turn the collector off
            raise ConfigError("GC_YOUNG_THRESHOLD must be between 100 and 1000000")
        if not 2 <= self.group_max_members <= 10_000:
            raise ConfigError("GROUP_MAX_MEMBERS must be between 2 and 10000")
        if self.edit_window_minutes < 0:
            raise ConfigError("EDIT_WINDOW_MINUTES must be >= 0 (0: no limit)")
        if not 1 <= self.max_upload_mb <= 1024 or self.upload_quota_mb < self.max_upload_mb:
            raise ConfigError("MAX_UPLOAD_MB must be 1 to 1024, UPLOAD_QUOTA_MB at least as much")
        if self.async_mode not in ASYNC_MODES:
            raise ConfigError(f"ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
        if production and any("*" in origin for origin in self.cors_origins):
            raise ConfigError("CORS_ORIGINS may not contain '*' in production: list the origins")
        if production and not self.ratelimit_enabled:
            raise ConfigError("RATELIMIT_ENABLED=false is for load tests and refused in production")
        return {
            **DEFAULT_LIMITS,
            **self.limits,
            "RATELIMIT_ENABLED": self.ratelimit_enabled,
            "RATELIMIT_STORAGE_URI": self.redis_url or "chat-memory://",  # chat/limits_memory.py
            "RATELIMIT_HEADERS_ENABLED": True,
            "RATELIMIT_DEFAULT": self.limits.get("RATELIMIT_API", DEFAULT_LIMITS["RATELIMIT_API"]),
            "APP_ENV": self.app_env,
            "TESTING": self.app_env == "test",
            "PORT": self.port,
            "MONGO_DB_URI": self.mongo_db_uri,
            "DATA_DIR": self.data_dir,
            "CORS_ORIGINS": self.cors_origins,
            "REDIS_URL": self.redis_url,
            "SECRET_KEY": secret,
            "JWT_SECRET_KEY": secret,
            "JWT_TOKEN_LOCATION": ["cookies"],
            "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=self.access_token_minutes),
            # The refresh token lives as long as the session may stay idle (chat/auth/tokens.py).
            "JWT_REFRESH_TOKEN_EXPIRES": timedelta(hours=self.session_idle_hours),
            "SESSION_ABSOLUTE_LIFETIME": timedelta(days=self.session_absolute_days),
            "REFRESH_REUSE_GRACE": timedelta(seconds=self.refresh_reuse_grace_seconds),
            "JWT_COOKIE_SECURE": production,
            # __Host-: the browser only accepts it Secure, for this host, on path / (no Domain).
            "JWT_ACCESS_COOKIE_NAME": "__Host-access_token"
            if production
            else "access_token_cookie",
            # Sent only to the refresh route. A cookie with a Path cannot be __Host-; __Secure-
            # still makes the browser refuse it over plain HTTP or set by a non-secure page.
            "JWT_REFRESH_COOKIE_NAME": "__Secure-refresh_token"
            if production
            else "refresh_token_cookie",
            "JWT_REFRESH_COOKIE_PATH": REFRESH_PATH,
            "JWT_COOKIE_SAMESITE": "Lax",
            "JWT_COOKIE_CSRF_PROTECT": True,
            "JWT_SESSION_COOKIE": False,
            "MAX_CONTENT_LENGTH": 64 * 1024,
            "GC_FREEZE_SECONDS": self.gc_freeze_seconds,
            "GC_YOUNG_THRESHOLD": self.gc_young_threshold,
            "PASSWORD_MIN_LENGTH": self.password_min_length,
            "PROXY_HOPS": self.proxy_hops,
            "ASYNC_MODE": self.async_mode,
            "METRICS_TOKEN": self.metrics_token,
            "CHAT_DIAGNOSTICS": self.diagnostics,
            **({"LOG_FORMAT": self.log_format} if self.log_format else {}),
            "MAX_SOCKETS_PER_USER": self.max_sockets_per_user,
            "MAX_SOCKETS_PER_ADDRESS": self.max_sockets_per_address,
            "SOCKET_CONNECT_TIMEOUT": self.socket_connect_timeout,
            "MAX_EVENTS_IN_FLIGHT": self.max_events_in_flight,
            "EVENT_QUEUE_TARGET_MS": self.event_queue_target_ms,
            "GROUP_MAX_MEMBERS": self.group_max_members,
            "EDIT_WINDOW_MINUTES": self.edit_window_minutes,
            "MAX_UPLOAD_MB": self.max_upload_mb,
            "UPLOAD_QUOTA_MB": self.upload_quota_mb,
        }


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]
