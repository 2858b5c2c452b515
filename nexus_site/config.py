"""Reading the environment into settings, with one clear line for every mistake.

Settings call these helpers instead of django-environ directly so that a bad value stops the
process with a message naming the variable, not a traceback from deep inside a parser.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured):
    """A missing or malformed environment variable; its message is one line for the operator."""


env = environ.Env()

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql", "postgis")
# Seconds a SQLite connection waits for another's write to finish before "database is locked".
SQLITE_BUSY_TIMEOUT_SECONDS = 20
# SQLite (the embedded default) serving a web process, its threads and the eager tasks at once:
# write-ahead logging lets readers go on while one writes (and a crash loses at most the last
# commits, not the file, with synchronous=NORMAL); IMMEDIATE takes the write lock when a
# transaction begins, so two transactions that read then write queue on the busy timeout instead
# of one failing at once with "database is locked" when it upgrades its read lock.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
}


def database_from_url(*, url: str) -> dict:
    """Parse ``DATABASE_URL``; refuse anything that is not a usable SQLite or PostgreSQL URL.

    A SQLite database gets ``SQLITE_OPTIONS`` (options written in the URL's query win)."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL is malformed: expected postgres://user@host:port/name or "
            f"sqlite:///path, got scheme {scheme!r}"
        )
    if scheme != "sqlite":
        try:
            parts.port  # noqa: B018 - raises ValueError on a non-numeric port
        except ValueError as error:
            raise ConfigurationError(f"DATABASE_URL is malformed: {error}") from None
        if not parts.hostname or not parts.path.strip("/"):
            raise ConfigurationError(
                "DATABASE_URL is malformed: a PostgreSQL URL needs a host and a database name"
            )
    config = environ.Env.db_url_config(url)
    if scheme == "sqlite":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def require(*, name: str, value: str | list, reason: str) -> None:
    """Stop with one line when a variable that production needs is empty."""
    if not value:
        raise ConfigurationError(f"{name} must be set {reason}")


def require_between(
    *, name: str, value: int, minimum: int, maximum: int | None = None, reason: str = ""
) -> None:
    """Stop with one line when a number is outside what the shop accepts."""
    if value < minimum or (maximum is not None and value > maximum):
        accepted = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
        raise ConfigurationError(f"{name} must be {accepted}{reason and ' ' + reason}, got {value}")


def email_from_url(*, url: str) -> dict:
    """Parse ``EMAIL_URL`` (smtp://, smtp+tls://, consolemail://, filemail:///abs/path ...)."""
    scheme = urlsplit(url).scheme
    if scheme not in environ.Env.EMAIL_SCHEMES:
        raise ConfigurationError(
            f"EMAIL_URL is malformed: unknown scheme {scheme!r}, expected one of "
            + ", ".join(sorted(environ.Env.EMAIL_SCHEMES))
        )
    config = environ.Env.email_url_config(url)
    if scheme == "filemail":
        # django-environ drops the leading slash of the path; keep it absolute as written.
        config["EMAIL_FILE_PATH"] = urlsplit(url).path
    return config
