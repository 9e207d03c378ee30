import pytest
from django.core.exceptions import ImproperlyConfigured

from genuinecare.lib.database import database_settings
from genuinecare.lib.env import envbool, envint, envlist


def test_envint_refuses_words_and_small_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="N='ten' is not a whole number"):
        envint("N", default=1)
    monkeypatch.setenv("N", "2")
    with pytest.raises(ImproperlyConfigured, match="N=2 is too small; it must be at least 3"):
        envint("N", default=5, minimum=3)


def test_envbool_and_envlist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B", "Off")
    monkeypatch.setenv("L", " a.org, ,b.org ")
    assert envbool("B", default=True) is False
    assert envlist("L", default=[]) == ["a.org", "b.org"]


def test_sqlite_gets_wal_immediate_transactions_and_busy_timeout(tmp_path: object) -> None:
    config = database_settings("", default_sqlite_path=tmp_path / "db.sqlite3")  # type: ignore[operator]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout=20000" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed() -> None:
    config = database_settings("postgres://care:s3cret@db:5432/care", default_sqlite_path=None)  # type: ignore[arg-type]
    assert (config["ENGINE"], config["NAME"], config["HOST"], config["PORT"]) == (
        "django.db.backends.postgresql",
        "care",
        "db",
        5432,
    )
