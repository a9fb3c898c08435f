"""The container set-up (Dockerfile, docker-compose.yml, .env.example) matches the code.

Nothing here builds an image or starts a container: the files are parsed and every name they
refer to (modules, management commands, URLs, environment variables) is checked to exist.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import pytest
import yaml
from celery import Celery
from django.core.management import get_commands
from django.urls import resolve

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO_ROOT / "Dockerfile"
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
ENTRYPOINT = REPO_ROOT / "deploy" / "entrypoint.sh"

APP_SERVICES = ("web", "worker", "beat")
IMAGE_WORKDIR = "/app"

ENV_CALL = re.compile(r"\benv_(?:str|bool|int|list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
ANY_ENV_CALL = re.compile(r"(?<!def )\benv_(?:str|bool|int|list)\(")
# Read by Django itself (not config/settings) or by docker compose for interpolation.
READ_BY_DJANGO = {"DJANGO_SETTINGS_MODULE"}
READ_BY_COMPOSE = {"POSTGRES_PASSWORD"}
ENV_ASSIGNMENT = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=(.*)$")
INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)[^}]*\}")


# --- helpers ---------------------------------------------------------------------------------


def settings_env_names() -> set[str]:
    """Every variable config/ reads through config.env (env_str/env_bool/env_int/env_list)."""
    names: set[str] = set()
    for path in (REPO_ROOT / "config").rglob("*.py"):
        names.update(ENV_CALL.findall(path.read_text(encoding="utf-8")))
    return names


def env_example_names() -> dict[str, str]:
    """NAME -> value for the assignments in .env.example, commented-out ones included."""
    found: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = ENV_ASSIGNMENT.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = pending + line
        pending = ""
        keyword, _, args = full.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


def dockerfile_one(keyword: str) -> str:
    found = [args for key, args in dockerfile_instructions() if key == keyword]
    assert len(found) == 1, f"expected exactly one {keyword} in the Dockerfile, found {found}"
    return found[0]


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"expected exec (JSON) form, got {args!r}"
    return [str(item) for item in value]


def interpolate(value: str) -> str:
    """Replace compose ${NAME...} expressions by a dummy value, as compose would."""
    return INTERPOLATION.sub("interpolated", value)


def service_env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(key): str(value) for key, value in env.items()}


def command_words(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(w) for w in command]


def entrypoint_branches() -> dict[str, str]:
    """case label -> body of that branch in deploy/entrypoint.sh, shell functions expanded."""
    text = ENTRYPOINT.read_text(encoding="utf-8")
    functions = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^(\w+)\(\)\s*\{(.*?)^\}", text, re.MULTILINE | re.DOTALL)
    }
    branches: dict[str, str] = {}
    for m in re.finditer(r"^\s*([\w|*-]+)\)\s*$(.*?)^\s*;;", text, re.MULTILINE | re.DOTALL):
        body = m.group(2)
        for name, function_body in functions.items():
            # A call on a line of its own runs the function's body there.
            body = re.sub(
                rf"^\s*{name}\s*$", lambda _m, fb=function_body: fb, body, flags=re.MULTILINE
            )
        for label in m.group(1).split("|"):
            branches[label] = body
    return branches


def effective_script(words: list[str]) -> str:
    """What a container started with these arguments runs (through the image's entrypoint)."""
    branches = entrypoint_branches()
    if words and words[0] in branches and words[0] != "*":
        return branches[words[0]]
    return shlex.join(words)


def check_runnables(script: str) -> list[str]:
    """Check every gunicorn target, celery app and manage.py command the script names."""
    found: list[str] = []
    for target in re.findall(r"\bgunicorn\s+(\S+)", script):
        module, _, attr = target.partition(":")
        path = REPO_ROOT / (module.replace(".", "/") + ".py")
        assert path.is_file(), f"gunicorn target {target}: {path} does not exist"
        assert importlib.util.find_spec(module) is not None, f"{module} is not importable"
        assert re.search(rf"^{attr or 'application'}\s*=", path.read_text(), re.MULTILINE), (
            f"{path} defines no {attr!r}"
        )
        found.append(f"gunicorn {target}")
    for app_path in re.findall(r"\bcelery\s+-A\s+(\S+)", script):
        path = REPO_ROOT / (app_path.replace(".", "/") + ".py")
        assert path.is_file(), f"celery app {app_path}: {path} does not exist"
        module = importlib.import_module(app_path)
        assert isinstance(getattr(module, "app", None), Celery), f"{app_path}.app is no Celery"
        found.append(f"celery {app_path}")
    commands = get_commands()
    for name in re.findall(r"\bmanage\.py\s+([\w-]+)", script):
        assert name in commands, f"manage.py {name} is not a Django management command"
        found.append(f"manage.py {name}")
    return found


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


# --- docker-compose.yml ----------------------------------------------------------------------


def test_compose_has_the_services(services: dict[str, dict[str, Any]]) -> None:
    assert {"postgres", "redis", *APP_SERVICES} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")


def test_backing_services_have_healthchecks(services: dict[str, dict[str, Any]]) -> None:
    postgres_check = " ".join(command_words(services["postgres"]["healthcheck"]["test"]))
    assert "pg_isready" in postgres_check
    redis_check = command_words(services["redis"]["healthcheck"]["test"])
    assert "redis-cli" in redis_check and "ping" in redis_check


def test_postgres_data_is_on_a_named_volume(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    mounts = [str(v).split(":") for v in postgres.get("volumes", [])]
    assert any(
        m[0] in compose.get("volumes", {}) and m[1].startswith("/var/lib/postgresql")
        for m in mounts
    ), mounts


def test_app_services_share_one_image(services: dict[str, dict[str, Any]]) -> None:
    images = {services[name].get("image") for name in APP_SERVICES}
    assert len(images) == 1 and None not in images, images
    contexts = set()
    for name in APP_SERVICES:
        build = services[name].get("build")
        assert build is not None, f"{name} has no build"
        context = build if isinstance(build, str) else build.get("context", ".")
        contexts.add((COMPOSE_FILE.parent / context).resolve())
    assert contexts == {REPO_ROOT}
    assert (REPO_ROOT / "Dockerfile").is_file()


def test_app_services_use_env_file_and_wait_for_backing_services(
    services: dict[str, dict[str, Any]],
) -> None:
    for name in APP_SERVICES:
        service = services[name]
        env_file = service.get("env_file")
        env_files = [env_file] if isinstance(env_file, str) else list(env_file or [])
        assert ".env" in env_files, name
        depends = service.get("depends_on")
        assert isinstance(depends, dict), f"{name}: depends_on needs conditions"
        for backing in ("postgres", "redis"):
            assert depends[backing]["condition"] == "service_healthy", (name, backing)
        for other, rule in depends.items():
            assert other in services, f"{name} depends on unknown service {other}"
            if rule["condition"] == "service_healthy":
                healthcheck = services[other].get("healthcheck", {})
                has_image_check = services[other].get("build") is not None
                assert not healthcheck.get("disable") and (healthcheck or has_image_check), (
                    f"{name} waits for {other} to be healthy, but it has no healthcheck"
                )


def test_each_app_service_command_refers_to_existing_things(
    services: dict[str, dict[str, Any]],
) -> None:
    runs: dict[str, list[str]] = {}
    for name in APP_SERVICES:
        words = command_words(services[name]["command"])
        runs[name] = check_runnables(effective_script(words))
        assert runs[name], f"{name} runs nothing recognisable: {words}"
    assert "gunicorn config.wsgi:application" in runs["web"]
    assert {"manage.py migrate", "manage.py load_reference_data"} <= set(runs["web"])
    assert runs["worker"] == ["celery config.celery_app"]
    assert runs["beat"] == ["celery config.celery_app"]


def test_service_commands_do_the_right_job(services: dict[str, dict[str, Any]]) -> None:
    web = effective_script(command_words(services["web"]["command"]))
    assert re.search(r"--bind\s+0\.0\.0\.0:8000\b", web)
    assert web.index("migrate") < web.index("gunicorn")
    worker = effective_script(command_words(services["worker"]["command"]))
    assert re.search(r"celery\s+-A\s+\S+\s+worker\b", worker)
    beat = effective_script(command_words(services["beat"]["command"]))
    assert re.search(r"celery\s+-A\s+\S+\s+beat\b", beat)
    # The image's files belong to root, so the beat schedule must go to a writable place.
    schedule = re.search(r"--schedule[= ]\s*(\S+)", beat)
    assert schedule and schedule.group(1).startswith("/tmp/"), beat  # noqa: S108


def test_compose_environment_is_read_by_the_settings(
    services: dict[str, dict[str, Any]],
) -> None:
    known = settings_env_names() | READ_BY_DJANGO
    for name in APP_SERVICES:
        unknown = set(service_env(services[name])) - known
        assert not unknown, f"{name} sets variables no setting reads: {sorted(unknown)}"


def test_compose_urls_point_at_the_services(services: dict[str, dict[str, Any]]) -> None:
    postgres_env = service_env(services["postgres"])
    for name in APP_SERVICES:
        env = service_env(services[name])
        database = urlsplit(interpolate(env["DATABASE_URL"]))
        assert database.scheme in {"postgres", "postgresql"}
        assert database.hostname == "postgres" and "postgres" in services
        assert database.port in (None, 5432)
        assert database.username == postgres_env["POSTGRES_USER"]
        assert database.path.lstrip("/") == postgres_env["POSTGRES_DB"]
        # The password comes from the same variable the postgres container is given.
        assert (
            INTERPOLATION.findall(env["DATABASE_URL"])
            == INTERPOLATION.findall(postgres_env["POSTGRES_PASSWORD"])
            == ["POSTGRES_PASSWORD"]
        )
        parsed = dj_database_url.parse(interpolate(env["DATABASE_URL"]))
        assert parsed["ENGINE"] == "django.db.backends.postgresql"

        broker = urlsplit(env["CELERY_BROKER_URL"])
        assert broker.scheme == "redis"
        assert broker.hostname == "redis" and "redis" in services


def test_compose_settings_module_exists(services: dict[str, dict[str, Any]]) -> None:
    for name in APP_SERVICES:
        module = service_env(services[name])["DJANGO_SETTINGS_MODULE"]
        assert module == "config.settings.production", name
        assert importlib.util.find_spec(module) is not None
        assert (REPO_ROOT / (module.replace(".", "/") + ".py")).is_file()


def test_compose_interpolations_are_documented(compose: dict[str, Any]) -> None:
    used = set(INTERPOLATION.findall(COMPOSE_FILE.read_text(encoding="utf-8")))
    assert used, "expected ${POSTGRES_PASSWORD} to be interpolated"
    assert used <= set(env_example_names()), sorted(used - set(env_example_names()))


def test_healthchecks_in_compose_are_valid(services: dict[str, dict[str, Any]]) -> None:
    for name in APP_SERVICES:
        healthcheck = services[name].get("healthcheck")
        if not healthcheck or healthcheck.get("disable"):
            continue
        words = command_words(healthcheck["test"])
        script = " ".join(words[1:] if words[0].startswith("CMD") else words)
        for url in re.findall(r"https?://[^\s'\"]+", script):
            resolve(urlsplit(url).path)
        check_runnables(script)


# --- .env.example ----------------------------------------------------------------------------


def test_settings_read_their_variables_through_literal_names() -> None:
    """The scan below only sees env_*("NAME") calls; a computed name would slip through."""
    for path in (REPO_ROOT / "config").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(ANY_ENV_CALL.findall(text)) == len(ENV_CALL.findall(text)), path
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"} <= (
        settings_env_names()
    )


def test_env_example_documents_every_setting_variable() -> None:
    missing = settings_env_names() - set(env_example_names())
    assert not missing, f".env.example does not document {sorted(missing)}"


def test_env_example_lists_only_variables_something_reads() -> None:
    unknown = set(env_example_names()) - settings_env_names() - READ_BY_DJANGO - READ_BY_COMPOSE
    assert not unknown, f".env.example lists variables nothing reads: {sorted(unknown)}"
    assert "POSTGRES_PASSWORD" in env_example_names()


def test_env_example_comments_every_variable() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = ENV_ASSIGNMENT.match(line)
        if not match:
            continue
        above = lines[number - 1].strip() if number else ""
        assert above.startswith("#") and not ENV_ASSIGNMENT.match(above), (
            f".env.example: {match.group(1)} has no comment line above it"
        )


def test_env_example_has_no_real_secret() -> None:
    values = env_example_names()
    assert "REPLACE" in values["SECRET_KEY"].upper()
    assert "REPLACE" in values["POSTGRES_PASSWORD"].upper()


def test_env_file_is_not_in_the_image() -> None:
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored
    assert {".venv", "var", ".git"} <= set(ignored)


# --- Dockerfile ------------------------------------------------------------------------------


def test_dockerfile_base_user_and_settings() -> None:
    assert dockerfile_one("FROM").startswith("python:3.11-slim")
    instructions = dockerfile_instructions()
    keys = [key for key, _ in instructions]
    user = dockerfile_one("USER")
    assert user.split(":")[0] not in {"root", "0"}
    assert keys.index("USER") < keys.index("CMD")
    env_text = " ".join(args for key, args in instructions if key == "ENV")
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in env_text
    # The build-time dummies must not leak into the image's environment.
    assert "SECRET_KEY" not in env_text and "ALLOWED_HOSTS" not in env_text


def test_dockerfile_installs_with_constraints() -> None:
    runs = [args for key, args in dockerfile_instructions() if key == "RUN"]
    assert any(re.search(r"pip install -c constraints\.txt \.(\s|$)", run) for run in runs), runs
    copies = " ".join(args for key, args in dockerfile_instructions() if key == "COPY")
    assert "constraints.txt" in copies


def test_dockerfile_collects_static_with_build_only_secrets() -> None:
    runs = [args for key, args in dockerfile_instructions() if key == "RUN"]
    collect = [run for run in runs if "collectstatic" in run]
    assert len(collect) == 1
    assert re.search(r"\bSECRET_KEY=\S{50,}", collect[0])
    assert re.search(r"\bALLOWED_HOSTS=\S+", collect[0])
    assert "manage.py collectstatic" in collect[0] and "--noinput" in collect[0]
    assert "collectstatic" in get_commands()


def test_dockerfile_entrypoint_and_cmd_are_consistent() -> None:
    entrypoint = exec_form(dockerfile_one("ENTRYPOINT"))
    assert len(entrypoint) == 1 and entrypoint[0].startswith(IMAGE_WORKDIR + "/")
    assert dockerfile_one("WORKDIR") == IMAGE_WORKDIR
    script = REPO_ROOT / entrypoint[0].removeprefix(IMAGE_WORKDIR + "/")
    assert script.is_file()
    assert script.read_text(encoding="utf-8").startswith("#!/bin/sh")
    assert os.access(script, os.X_OK) or "chmod" in " ".join(
        args for key, args in dockerfile_instructions() if key == "RUN"
    )
    assert {"web", "worker", "beat", "migrate", "*"} <= set(entrypoint_branches())
    # Unknown arguments are executed as given, so the default CMD reaches gunicorn.
    assert 'exec "$@"' in entrypoint_branches()["*"]

    cmd = exec_form(dockerfile_one("CMD"))
    assert cmd[:2] == ["gunicorn", "config.wsgi:application"]
    assert check_runnables(shlex.join(cmd)) == ["gunicorn config.wsgi:application"]
    bind = cmd[cmd.index("--bind") + 1]
    assert bind == "0.0.0.0:8000"
    exposed = dockerfile_one("EXPOSE").split()
    assert bind.rsplit(":", 1)[1] in exposed


def test_dockerfile_healthcheck_hits_healthz() -> None:
    healthcheck = dockerfile_one("HEALTHCHECK")
    assert " CMD " in f" {healthcheck} "
    assert "urllib" in healthcheck and "curl" not in healthcheck
    urls = re.findall(r"https?://[^\s'\"]+", healthcheck)
    assert len(urls) == 1
    url = urlsplit(urls[0])
    assert url.hostname in {"127.0.0.1", "localhost"}
    assert str(url.port) in dockerfile_one("EXPOSE").split()
    cmd = exec_form(dockerfile_one("CMD"))
    assert cmd[cmd.index("--bind") + 1].endswith(f":{url.port}")
    match = resolve(url.path)
    assert match.url_name == "healthz"
    assert f"{match.func.__module__}.{match.func.__name__}" == "core.views.healthz"
    # Production enforces ALLOWED_HOSTS and HTTPS: the probe must send a host and the proto.
    assert "ALLOWED_HOSTS" in healthcheck and "X-Forwarded-Proto" in healthcheck
