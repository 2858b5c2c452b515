"""The environment switches each part of the product; bad or missing values stop it in one line."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "MEILISEARCH_URL",
    "EMAIL_URL",
    "MEDIA_ROOT",
    "PAYMENT_SANDBOX_ENABLED",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
)
# The production variables the README's Security section documents (values are examples).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "shop.example.com",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email": settings.EMAIL_BACKEND,
    "email_file_path": str(getattr(settings, "EMAIL_FILE_PATH", "")),
    "meilisearch": settings.MEILISEARCH_URL,
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "sandbox": settings.PAYMENT_SANDBOX_ENABLED,
}))
"""


def run_python(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Run Python in the project folder with only ``environment`` of the product's variables."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(environment, DJANGO_SETTINGS_MODULE="nexus_site.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_django(code: str, **environment: str) -> subprocess.CompletedProcess:
    return run_python("-c", f"import django; django.setup()\n{code}", **environment)


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, **environment)


def settings_with(**environment: str) -> dict:
    result = run_django(PRINT_SETTINGS, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_environment_gives_the_embedded_default():
    found = settings_with()
    assert found["db_engine"] == "django.db.backends.sqlite3"
    assert Path(found["db_name"]) == PROJECT_DIR / "db.sqlite3"
    assert found["cache"].endswith("LocMemCache")
    assert found["broker"] == ""
    assert found["eager"] is True
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["meilisearch"] == ""
    assert found["debug"] is True


def test_environment_switches_each_part_to_the_real_service():
    found = settings_with(
        DATABASE_URL="postgres://shop:pw@db.internal:5432/shop",
        REDIS_URL="redis://cache.internal:6379/0",
        MEILISEARCH_URL="http://search.internal:7700",
        EMAIL_URL="smtp://mailer.internal:25",
    )
    assert found["db_engine"] == "django.db.backends.postgresql"
    assert (found["db_host"], found["db_name"]) == ("db.internal", "shop")
    assert found["cache"].endswith("RedisCache")
    assert found["broker"] == "redis://cache.internal:6379/0"
    assert found["eager"] is False
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["meilisearch"] == "http://search.internal:7700"


DATABASE_OPTIONS = """
import json
from django.conf import settings
print(json.dumps(settings.DATABASES["default"].get("OPTIONS", {})))
"""


def database_options(**environment: str) -> dict:
    result = run_django(DATABASE_OPTIONS, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_waits_for_a_writer_instead_of_failing_and_postgresql_is_left_alone(tmp_path):
    """WAL, IMMEDIATE transactions and a busy timeout (nexus_site/tests/test_sqlite.py): for the
    embedded default and any sqlite:// URL, never for PostgreSQL."""
    for options in (
        database_options(),
        database_options(DATABASE_URL=f"sqlite:///{tmp_path / 'shop.sqlite3'}"),
    ):
        assert "PRAGMA journal_mode=WAL" in options["init_command"]
        assert "PRAGMA synchronous=NORMAL" in options["init_command"]
        assert options["transaction_mode"] == "IMMEDIATE"
        assert options["timeout"] == 20
    options = database_options(DATABASE_URL="postgres://shop:pw@db.internal:5432/shop")
    assert not {"init_command", "transaction_mode", "timeout"} & set(options)


def test_file_email_keeps_its_absolute_path():
    found = settings_with(EMAIL_URL="filemail:///var/spool/nexus-mail")
    assert found["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["email_file_path"] == "/var/spool/nexus-mail"


def test_a_separate_broker_url_wins_over_redis_url():
    found = settings_with(
        REDIS_URL="redis://cache.internal:6379/0", CELERY_BROKER_URL="amqp://mq.internal//"
    )
    assert found["broker"] == "amqp://mq.internal//"


def test_production_settings_are_taken_from_the_environment():
    found = settings_with(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="shop.example.com")
    assert found["debug"] is False
    assert found["allowed_hosts"] == ["shop.example.com"]


@pytest.mark.parametrize(
    ("environment", "variable"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "shop.example.com"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "postgress//nope"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/shop"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://user@localhost:port/shop"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://user@localhost:5432/"}, "DATABASE_URL"),
        ({"EMAIL_URL": "carrier-pigeon://loft"}, "EMAIL_URL"),
    ],
)
def test_startup_stops_with_one_line_naming_the_variable(environment, variable):
    result = run_manage("check", **environment)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_production_turns_the_free_sandbox_payments_off():
    assert settings_with()["sandbox"] is True
    assert settings_with(**PRODUCTION)["sandbox"] is False
    assert settings_with(**PRODUCTION, PAYMENT_SANDBOX_ENABLED="true")["sandbox"] is True


def test_check_deploy_with_the_production_variables_reports_no_issue():
    result = run_manage("check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stderr


def test_sandbox_turned_on_in_production_is_named_at_startup_and_by_check_deploy():
    result = run_manage("check", "--deploy", **PRODUCTION, PAYMENT_SANDBOX_ENABLED="true")
    assert "payment.W001" in result.stderr
    assert "PAYMENT_SANDBOX_ENABLED" in result.stderr.split("System check")[0], result.stderr


def test_https_settings_come_from_the_environment():
    result = run_django(
        "from django.conf import settings\n"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD)",
        **PRODUCTION,
    )
    assert result.stdout.split() == ["True", "31536000", "True", "True"], result.stderr
    result = run_django(
        "from django.conf import settings\n"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)"
    )
    assert result.stdout.split() == ["False", "0"], result.stderr
