"""Settings fail loudly at start with a message that says what to set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

PRODUCTION = {
    "CARE_PRODUCTION": "true",
    "SECRET_KEY": "k8#Vq2!xZp0@LmN4&rT7^wY1*sD6(uF3)hJ9-bG5+cE8=aQ2-Wm3",
    "EMAIL_HOST": "smtp.example.org",
    "ALLOWED_HOSTS": "care.example.org",
    "DATABASE_URL": "postgres://care@db.example.org:5432/care",
    "SITE_URL": "https://care.example.org",
}


def start(env: dict[str, str], tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    inherited = {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "-m", "genuinecare.cli", *(command or ("check",))],
        env={**clean, "CARE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_bad_database_url_names_the_variable_and_the_form(tmp_path: Path) -> None:
    result = start({"DATABASE_URL": "mysql-ish://nowhere"}, tmp_path)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "postgres://USER:PASSWORD@HOST:5432/DBNAME" in result.stderr


def test_production_without_secret_says_what_to_set(tmp_path: Path) -> None:
    result = start({**PRODUCTION, "SECRET_KEY": ""}, tmp_path)
    assert result.returncode != 0
    assert "Set SECRET_KEY (50+ random characters) or SECRET_KEY_FILE" in result.stderr


def test_production_without_allowed_hosts_says_what_to_set(tmp_path: Path) -> None:
    result = start({**PRODUCTION, "ALLOWED_HOSTS": ""}, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_secret_from_file_and_unreadable_file(tmp_path: Path) -> None:
    missing = start(
        {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": "/nonexistent/key"}, tmp_path
    )
    assert "SECRET_KEY_FILE points to '/nonexistent/key'" in missing.stderr


def test_production_without_mail_server_says_what_to_set(tmp_path: Path) -> None:
    result = start({**PRODUCTION, "EMAIL_HOST": ""}, tmp_path)
    assert result.returncode != 0
    assert "Set EMAIL_HOST" in result.stderr


def test_misspelt_boolean_is_refused(tmp_path: Path) -> None:
    result = start({"DEBUG": "yes please"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG='yes please' is not a yes/no value" in result.stderr


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    result = start(PRODUCTION, tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_deployment_check_refuses_a_missing_site_url(tmp_path: Path) -> None:
    without = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = start(without, tmp_path, "check", "--deploy")
    assert result.returncode != 0
    assert (
        "?: (lib.E001) SITE_URL is not set, so the links in e-mails (survey invitations, "
        "password resets, follow-up questions) would lead nowhere.\n"
        "\tHINT: Set SITE_URL to the public https address people open, "
        "e.g. https://care.example.org."
    ) in result.stderr
    # Without --deploy (migrate, createsuperuser, …) the instance still starts.
    assert start(without, tmp_path, "check").returncode == 0


@pytest.mark.parametrize("url", ["http://care.example.org", "care.example.org", "https://"])
def test_production_deployment_check_refuses_a_site_url_without_https(
    tmp_path: Path, url: str
) -> None:
    result = start({**PRODUCTION, "SITE_URL": url}, tmp_path, "check", "--deploy")
    assert result.returncode != 0
    assert (
        f"?: (lib.E002) SITE_URL is '{url.rstrip('/')}', but in production every link in "
        "every e-mail must start with https:// and name the host."
    ) in result.stderr


def test_site_url_is_only_checked_in_production(settings: Settings) -> None:
    from genuinecare.lib.checks import site_url_is_public_https

    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.PRODUCTION = False
    assert site_url_is_public_https() == []
    settings.PRODUCTION = True
    assert [error.id for error in site_url_is_public_https()] == ["lib.E002"]
    settings.SITE_URL = "https://care.example.org"
    assert site_url_is_public_https() == []


def test_development_generates_a_secret_outside_the_repository(tmp_path: Path) -> None:
    result = start({}, tmp_path)
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert start({}, tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
