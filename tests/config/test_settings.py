"""Settings read the environment as documented; production refuses unsafe configurations.

Each case imports the settings in a fresh interpreter with a controlled environment, so the
result does not depend on the variables of the shell running the tests, and no PostgreSQL or
Redis is needed (nothing connects).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_CALL = re.compile(r"\benv_(?:str|bool|int|list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")

PRODUCTION = "config.settings.production"
LOCAL = "config.settings.local"
TEST = "config.settings.test"


def _settings_variables() -> set[str]:
    names = {"DJANGO_SETTINGS_MODULE"}
    for path in (REPO_ROOT / "config").rglob("*.py"):
        names.update(ENV_CALL.findall(path.read_text(encoding="utf-8")))
    return names


SETTINGS_VARIABLES = _settings_variables()


def random_secret_key() -> str:
    return secrets.token_urlsafe(48)[:64]


def clean_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """os.environ without anything the settings read, plus the overrides (None removes)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["SPONA_VAR_DIR"] = str(tmp_path / "var")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    values: dict[str, str | None] = {
        "SECRET_KEY": random_secret_key(),
        "ALLOWED_HOSTS": "spona.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }
    values.update(overrides)
    return clean_env(tmp_path, **values)


def run_python(
    code: str, settings_module: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    env = {**env, "DJANGO_SETTINGS_MODULE": settings_module}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def django_setup(settings_module: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_python("import django; django.setup()", settings_module, env)


def settings_values(settings_module: str, env: dict[str, str], *names: str) -> dict[str, Any]:
    code = (
        "import json\n"
        "from django.conf import settings\n"
        f"names = {list(names)!r}\n"
        "print(json.dumps({n: getattr(settings, n) for n in names}, default=str))\n"
    )
    result = run_python(code, settings_module, env)
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def env_example_assignments() -> dict[str, str]:
    """The active (uncommented) NAME=value lines of .env.example, quotes removed."""
    found: dict[str, str] = {}
    for line in (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
        if match:
            value = match.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            found[match.group(1)] = value
    return found


# --- production refuses unsafe configurations ------------------------------------------------


def test_production_loads_with_the_required_variables(tmp_path: Path) -> None:
    env = production_env(tmp_path, DEBUG="true")
    result = django_setup(PRODUCTION, env)
    assert result.returncode == 0, result.stderr
    values = settings_values(PRODUCTION, env, "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT")
    assert values == {
        "DEBUG": False,  # forced off whatever DEBUG says
        "ALLOWED_HOSTS": ["spona.example.org"],
        "SECURE_SSL_REDIRECT": True,
    }


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="unset"),
        pytest.param("", id="empty"),
        pytest.param("a-random-but-far-too-short-key-0123456789", id="short"),
        pytest.param("django-insecure-" + "x" * 60, id="django-insecure"),
        pytest.param(env_example_assignments().get("SECRET_KEY", ""), id="env-example"),
    ],
)
def test_production_refuses_a_missing_or_insecure_secret_key(
    tmp_path: Path, secret_key: str | None
) -> None:
    result = django_setup(PRODUCTION, production_env(tmp_path, SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("allowed_hosts", [None, "", " , "], ids=["unset", "empty", "blank"])
def test_production_refuses_without_allowed_hosts(
    tmp_path: Path, allowed_hosts: str | None
) -> None:
    result = django_setup(PRODUCTION, production_env(tmp_path, ALLOWED_HOSTS=allowed_hosts))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checklist(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            f"--settings={PRODUCTION}",
            "--fail-level",
            "WARNING",
        ],
        cwd=REPO_ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_env_example_configures_production_once_the_secret_is_replaced(tmp_path: Path) -> None:
    example = env_example_assignments()
    env = production_env(tmp_path, **example)
    env["SECRET_KEY"] = random_secret_key()
    values = settings_values(
        PRODUCTION,
        env,
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
    )
    assert values["ALLOWED_HOSTS"] == [example["ALLOWED_HOSTS"]]
    assert values["CSRF_TRUSTED_ORIGINS"] == [example["CSRF_TRUSTED_ORIGINS"]]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == example["EMAIL_HOST"]
    assert values["EMAIL_PORT"] == int(example["EMAIL_PORT"])
    assert values["EMAIL_USE_TLS"] is True
    assert values["DEFAULT_FROM_EMAIL"] == "Spona <no-reply@spona.example.org>"


# --- database --------------------------------------------------------------------------------


def test_without_database_url_sqlite_lives_under_var(tmp_path: Path) -> None:
    env = clean_env(tmp_path, SPONA_VAR_DIR=None)
    database = settings_values(LOCAL, env, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == REPO_ROOT / "var" / "spona.sqlite3"


@pytest.mark.parametrize("settings_module", [LOCAL, TEST, PRODUCTION])
def test_without_database_url_sqlite_follows_spona_var_dir(
    tmp_path: Path, settings_module: str
) -> None:
    var_dir = tmp_path / "elsewhere"
    env = production_env(tmp_path, DATABASE_URL=None, SPONA_VAR_DIR=str(var_dir))
    database = settings_values(settings_module, env, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == var_dir / "spona.sqlite3"
    assert var_dir.is_dir()
    assert database["CONN_MAX_AGE"] == 0


def test_postgres_database_url_is_parsed(tmp_path: Path) -> None:
    env = clean_env(
        tmp_path,
        DATABASE_URL="postgres://spona:s3cret@db.example.org:5433/spona_prod",
        DATABASE_CONN_MAX_AGE="120",
    )
    database = settings_values(LOCAL, env, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.example.org"
    assert database["PORT"] == 5433
    assert database["NAME"] == "spona_prod"
    assert database["USER"] == "spona"
    assert database["PASSWORD"] == "s3cret"
    assert database["CONN_MAX_AGE"] == 120


# --- Celery ----------------------------------------------------------------------------------

CELERY_PROBE = (
    "import json\n"
    "from django.conf import settings\n"
    "from config.celery_app import app\n"
    "print(json.dumps({\n"
    "    'eager': settings.CELERY_TASK_ALWAYS_EAGER,\n"
    "    'backend': settings.CELERY_RESULT_BACKEND,\n"
    "    'app_eager': app.conf.task_always_eager,\n"
    "    'app_backend': app.conf.result_backend,\n"
    "}))\n"
)


def celery_config(tmp_path: Path, **env: str | None) -> dict[str, Any]:
    result = run_python(CELERY_PROBE, LOCAL, clean_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_without_a_broker_tasks_run_eagerly(tmp_path: Path) -> None:
    config = celery_config(tmp_path)
    assert config["eager"] is True and config["app_eager"] is True
    assert not config["backend"]


def test_with_a_redis_broker_tasks_go_to_the_worker(tmp_path: Path) -> None:
    broker = "redis://redis.example.org:6379/0"
    config = celery_config(tmp_path, CELERY_BROKER_URL=broker)
    assert config["eager"] is False and config["app_eager"] is False
    assert config["backend"] == broker and config["app_backend"] == broker


def test_an_explicit_result_backend_wins(tmp_path: Path) -> None:
    config = celery_config(
        tmp_path,
        CELERY_BROKER_URL="redis://redis.example.org:6379/0",
        CELERY_RESULT_BACKEND="redis://results.example.org:6379/1",
    )
    assert config["backend"] == "redis://results.example.org:6379/1"


# --- e-mail ----------------------------------------------------------------------------------


def test_local_settings_write_mail_to_files_under_var(tmp_path: Path) -> None:
    """Not to the console: that would put whole notification e-mails into the logs."""
    values = settings_values(
        LOCAL, clean_env(tmp_path), "EMAIL_BACKEND", "EMAIL_FILE_PATH", "DEBUG"
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(tmp_path / "var" / "mail")
    assert values["DEBUG"] is True


def test_production_sends_mail_over_smtp_configured_from_the_environment(
    tmp_path: Path,
) -> None:
    env = production_env(
        tmp_path,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="mail-password",
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="Spona <spona@example.org>",
    )
    values = settings_values(
        PRODUCTION,
        env,
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        "SERVER_EMAIL",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "mail-password",
        "EMAIL_USE_TLS": False,
        "DEFAULT_FROM_EMAIL": "Spona <spona@example.org>",
        "SERVER_EMAIL": "Spona <spona@example.org>",
    }


# --- malformed values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings_module", "name", "value"),
    [
        (LOCAL, "DEBUG", "maybe"),
        (PRODUCTION, "EMAIL_USE_TLS", "perhaps"),
        (PRODUCTION, "SECURE_SSL_REDIRECT", "sometimes"),
        (LOCAL, "EMAIL_PORT", "smtp"),
        (LOCAL, "DATABASE_CONN_MAX_AGE", "forever"),
    ],
)
def test_a_malformed_value_names_the_variable(
    tmp_path: Path, settings_module: str, name: str, value: str
) -> None:
    result = django_setup(settings_module, production_env(tmp_path, **{name: value}))
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert name in error and repr(value) in error
