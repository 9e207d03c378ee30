"""Turns ``DATABASE_URL`` into Django's database settings."""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_ENGINES = {
    "django.db.backends.postgresql": "PostgreSQL",
    "django.db.backends.sqlite3": "SQLite",
}

# WAL lets readers carry on while one writer writes; IMMEDIATE transactions take
# the write lock up front so two writers queue instead of failing mid-transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}


def database_settings(url: str, *, default_sqlite_path: Path) -> dict[str, Any]:
    """The ``default`` database: SQLite at the given path unless a URL is set."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": dict(SQLITE_OPTIONS),
            # Tests use a file too (not shared-cache memory), so concurrency tests
            # see real WAL locking and busy timeouts, as production does.
            "TEST": {"NAME": str(default_sqlite_path.with_name("test-genuinecare.sqlite3"))},
        }
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address Genuine Care understands ({error}). "
            "Set it like postgres://USER:PASSWORD@HOST:5432/DBNAME, or unset it to use SQLite."
        ) from None
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL names a database Genuine Care does not support ({engine}). "
            "Use postgres://… for PostgreSQL or sqlite:///… for SQLite."
        )
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        config["CONN_MAX_AGE"] = 0
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config
