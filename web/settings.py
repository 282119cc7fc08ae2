"""Settings from the environment (and the same command-line flags)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/filmhouse.sqlite"
SECRET_FILE = Path("var/secret.key")


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    secret: bytes
    development: bool
    timers: bool = True
    smtp_host: str = ""
    smtp_port: int = 25
    mail_from: str = "Film House <no-reply@filmhouse.seoul>"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "database_url": os.environ.get("FILMHOUSE_DATABASE_URL", DEFAULT_DATABASE_URL),
            "host": os.environ.get("FILMHOUSE_HOST", "127.0.0.1"),
            "port": int(os.environ.get("FILMHOUSE_PORT", "8000")),
            "secret": _secret(),
            "development": os.environ.get("FILMHOUSE_ENV", "development") == "development",
            "timers": os.environ.get("FILMHOUSE_TIMERS", "on") != "off",
            "smtp_host": os.environ.get("FILMHOUSE_SMTP_HOST", ""),
            "smtp_port": int(os.environ.get("FILMHOUSE_SMTP_PORT", "25")),
            "mail_from": os.environ.get(
                "FILMHOUSE_MAIL_FROM", "Film House <no-reply@filmhouse.seoul>"
            ),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _secret() -> bytes:
    """FILMHOUSE_SECRET, or for local use a random one kept in var/ so that keyed email hashes
    and sessions survive a restart."""
    configured = os.environ.get("FILMHOUSE_SECRET")
    if configured:
        return configured.encode()
    if SECRET_FILE.exists():
        return SECRET_FILE.read_bytes().strip()
    SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48).encode()
    SECRET_FILE.write_bytes(value)
    SECRET_FILE.chmod(0o600)
    return value
