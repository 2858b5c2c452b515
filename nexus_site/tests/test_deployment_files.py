"""The container files agree with the settings and with each other.

Dockerfile, docker-compose.yml, .dockerignore and docker/entrypoint.sh are read as files (no
Docker engine needed): compose with yaml.safe_load and its ``${...}`` interpolation applied the
way Compose applies it, the Dockerfile as a list of instructions. The variable names the settings
read are parsed from nexus_site/settings.py, so a renamed or new variable is noticed here.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
DOCKERFILE = PROJECT_DIR / "Dockerfile"
COMPOSE_FILE = PROJECT_DIR / "docker-compose.yml"
DOCKERIGNORE = PROJECT_DIR / ".dockerignore"
SETTINGS_FILE = PROJECT_DIR / "nexus_site" / "settings.py"
CELERY_FILE = PROJECT_DIR / "nexus_site" / "celery.py"

WSGI_APPLICATION = "nexus_site.wsgi:application"
CELERY_APP = "nexus_site"
HEALTH_PATH = "/health/"  # readiness: every dependency checked
LIVENESS_PATH = "/health/live/"  # the container's HEALTHCHECK: the process answers
# What a production deployment cannot do without (the settings refuse to start, or silently fall
# back to the embedded single-machine defaults).
PRODUCTION_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "MEILISEARCH_URL",
}
POSTGRES_PORT, REDIS_PORT, MEILISEARCH_PORT = 5432, 6379, 7700
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|(^|_)KEY$")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# --- Settings -------------------------------------------------------------------------------


def settings_variables() -> set[str]:
    """Every name the settings read: ``env("X")``, ``env.str("X"``, ``env.email_url("X"``..."""
    source = SETTINGS_FILE.read_text()
    return set(re.findall(r"""\benv(?:\.\w+)?\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""", source))


def settings_required_variables() -> set[str]:
    """Names the settings refuse to start without (``require(name="X", ...)``)."""
    return set(
        re.findall(
            r"""\brequire\(\s*name\s*=\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""",
            SETTINGS_FILE.read_text(),
        )
    )


# --- Compose ----------------------------------------------------------------------------------

INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariableError(Exception):
    pass


def interpolate(value: str, environ: dict[str, str]) -> str:
    """Compose's interpolation: ``$$``, ``$X``, ``${X}``, ``${X:-default}``, ``${X-default}``,
    ``${X:?error}`` and ``${X?error}``."""

    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["bare"] or match["braced"]
        op, arg = match["op"], match["arg"]
        current = environ.get(name)
        present = bool(current) if op and op.startswith(":") else current is not None
        if op and op.endswith("-"):
            return current if present else arg
        if op and op.endswith("?"):
            if not present:
                raise MissingVariableError(f"{name}: {arg}")
            return current
        return current or ""

    return INTERPOLATION.sub(replace, value)


def interpolate_all(node, environ: dict[str, str]):
    if isinstance(node, dict):
        return {key: interpolate_all(value, environ) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate_all(item, environ) for item in node]
    if isinstance(node, str):
        return interpolate(node, environ)
    return node


@functools.cache
def raw_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def required_compose_variables() -> set[str]:
    """Variables the compose file refuses to run without (``${X:?...}`` / ``${X?...}``)."""
    text = COMPOSE_FILE.read_text()
    return {m["braced"] for m in INTERPOLATION.finditer(text) if m["op"] in (":?", "?")}


def interpolation_environ(**overrides: str) -> dict[str, str]:
    """An environment for interpolation: the variables compose requires get a placeholder, every
    other one takes the default written in the file."""
    environ = {name: f"test-value-for-{name.lower()}" for name in required_compose_variables()}
    environ.update(overrides)
    return environ


def compose(**overrides: str) -> dict:
    return interpolate_all(raw_compose(), interpolation_environ(**overrides))


def environment_of(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(
            item.split("=", 1) if "=" in item else (item, "") for item in environment
        )
    return {key: "" if value is None else str(value) for key, value in environment.items()}


def app_service_names(config: dict) -> list[str]:
    """The services that run this project's image (the ones Compose builds)."""
    return [name for name, service in config["services"].items() if "build" in service]


def service_with_image(config: dict, image_prefix: str) -> str:
    names = [
        name
        for name, service in config["services"].items()
        if str(service.get("image", "")).startswith(image_prefix)
    ]
    assert len(names) == 1, f"expected one {image_prefix} service, found {names}"
    return names[0]


def healthcheck_test(service: dict) -> list[str]:
    test = (service.get("healthcheck") or {}).get("test")
    if isinstance(test, str):
        return ["CMD-SHELL", test]
    return list(test or [])


def container_ports(service: dict) -> set[int]:
    """Container-side ports a service publishes (short and long syntax)."""
    ports = set()
    for entry in service.get("ports", []):
        if isinstance(entry, dict):
            ports.add(int(entry["target"]))
        else:
            ports.add(int(str(entry).split("/")[0].rsplit(":", 1)[-1]))
    return ports


def volume_mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each mount; source is "" for an anonymous volume."""
    mounts = []
    for entry in service.get("volumes", []):
        if isinstance(entry, dict):
            mounts.append((entry.get("source", ""), entry["target"]))
        else:
            parts = str(entry).split(":")
            mounts.append(("", parts[0]) if len(parts) == 1 else (parts[0], parts[1]))
    return mounts


def is_named_volume(source: str) -> bool:
    return bool(source) and not source.startswith(("/", ".", "~", "$"))


def command_of(service: dict) -> list[str]:
    """What the container runs: the compose ``command``, or the image's CMD."""
    command = service.get("command")
    if command is None:
        return dockerfile_exec_form("CMD")
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


# --- Dockerfile -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    stage: int
    keyword: str
    arguments: str


@functools.cache
def dockerfile() -> tuple[Instruction, ...]:
    """Logical instructions (continuations joined, comments dropped), numbered by stage."""
    lines, pending = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    if pending:
        lines.append(pending)
    instructions, stage = [], -1
    for line in lines:
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(stage, keyword, arguments.strip()))
    return tuple(instructions)


def final_stage() -> list[Instruction]:
    last = max(instruction.stage for instruction in dockerfile())
    return [instruction for instruction in dockerfile() if instruction.stage == last]


def dockerfile_exec_form(keyword: str) -> list[str]:
    """The JSON (exec) form of the last CMD / ENTRYPOINT / HEALTHCHECK CMD of the final stage."""
    found = [i for i in final_stage() if i.keyword == keyword]
    assert found, f"the final Dockerfile stage has no {keyword}"
    arguments = found[-1].arguments
    if keyword == "HEALTHCHECK":
        arguments = re.split(r"(?:^|\s)CMD\s+", arguments, maxsplit=1)[1]
    assert arguments.startswith("["), f"{keyword} should use the exec (JSON) form: {arguments}"
    return json.loads(arguments)


def exposed_ports() -> set[int]:
    return {
        int(port.split("/")[0])
        for instruction in final_stage()
        if instruction.keyword == "EXPOSE"
        for port in instruction.arguments.split()
    }


def dockerfile_env_names() -> set[str]:
    names = set()
    for instruction in dockerfile():
        if instruction.keyword in ("ENV", "ARG"):
            names.update(
                re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)[=\s]", instruction.arguments + " ")
            )
    return names


def gunicorn_bind(command: list[str]) -> str:
    for index, part in enumerate(command):
        if part in ("--bind", "-b"):
            return command[index + 1]
        if part.startswith("--bind="):
            return part.split("=", 1)[1]
    raise AssertionError(f"gunicorn is not given --bind: {command}")


def entrypoint_script() -> Path | None:
    """docker/entrypoint.sh when the image's ENTRYPOINT is the copy of it, else None."""
    if not any(i.keyword == "ENTRYPOINT" for i in final_stage()):
        return None
    entrypoint = dockerfile_exec_form("ENTRYPOINT")[0]
    for instruction in final_stage():
        if instruction.keyword != "COPY" or "--from" in instruction.arguments:
            continue
        parts = [p for p in instruction.arguments.split() if not p.startswith("--")]
        destination = parts[-1]
        if destination == entrypoint or destination.rstrip("/").endswith("/" + entrypoint):
            return PROJECT_DIR / parts[0]
    raise AssertionError(f"no COPY in the final stage puts the ENTRYPOINT {entrypoint} in place")


# --- The settings and the compose environment ------------------------------------------------


def test_settings_variables_are_parsed():
    """Guards the parser the other tests rely on: the core variables must be found."""
    assert PRODUCTION_VARIABLES <= settings_variables()
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= settings_required_variables()


def test_app_services_share_one_environment():
    config = raw_compose()
    apps = app_service_names(config)
    assert {"web", "worker", "beat"} <= set(apps)
    shared = environment_of(config["services"]["worker"])
    for name in apps:
        environment = environment_of(config["services"][name])
        missing_or_different = {
            key for key, value in shared.items() if environment.get(key) != value
        }
        assert not missing_or_different, f"{name} differs from worker on {missing_or_different}"
    assert environment_of(config["services"]["beat"]) == shared


def test_app_environment_sets_only_variables_something_reads():
    """A misspelt name (DATABASEURL) would silently leave the embedded default in place."""
    entrypoint = entrypoint_script()
    read_by_entrypoint = (
        set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", entrypoint.read_text()))
        if entrypoint
        else set()
    )
    # Runtime knobs the Dockerfile declares (WEB_CONCURRENCY, read by gunicorn) also count.
    known = settings_variables() | read_by_entrypoint | dockerfile_env_names()
    config = raw_compose()
    for name in app_service_names(config):
        unknown = set(environment_of(config["services"][name])) - known
        assert not unknown, f"{name} sets variables nothing reads: {sorted(unknown)}"


def test_app_environment_sets_what_production_needs():
    config = compose()
    needed = PRODUCTION_VARIABLES | settings_required_variables()
    for name in app_service_names(config):
        environment = environment_of(config["services"][name])
        empty = {variable for variable in needed if not environment.get(variable)}
        assert not empty, f"{name} does not set {sorted(empty)}"
        assert environment.get("DEBUG", "").lower() in ("false", "0", "no", "off"), name


def test_settings_accept_the_compose_environment():
    """The settings load the web environment as production (and pass ``check --deploy``)."""
    config = compose()
    web = environment_of(config["services"]["web"])
    code = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='ERROR', verbosity=0)\n"
        "db = settings.DATABASES['default']\n"
        "print(json.dumps({'debug': settings.DEBUG, 'engine': db['ENGINE'], 'host': db['HOST'],\n"
        "  'cache': settings.CACHES['default']['BACKEND'],\n"
        "  'cache_location': settings.CACHES['default'].get('LOCATION'),\n"
        "  'broker': settings.CELERY_BROKER_URL, 'eager': settings.CELERY_TASK_ALWAYS_EAGER,\n"
        "  'meilisearch': settings.MEILISEARCH_URL, 'media_root': str(settings.MEDIA_ROOT),\n"
        "  'allowed_hosts': settings.ALLOWED_HOSTS}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "nexus_site.settings",
            "PYTHONDONTWRITEBYTECODE": "1",
            **web,
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["debug"] is False
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["host"] == service_with_image(config, "postgres")
    assert loaded["cache"].endswith("RedisCache")
    assert loaded["cache_location"] == web["REDIS_URL"]
    assert loaded["broker"] and loaded["eager"] is False, "tasks would never reach the worker"
    assert loaded["meilisearch"] == web["MEILISEARCH_URL"]
    assert loaded["media_root"] == web["MEDIA_ROOT"]
    assert loaded["allowed_hosts"]


# --- Connection URLs against the services ------------------------------------------------------


@pytest.mark.parametrize("overrides", [{}, {"POSTGRES_PASSWORD": "changed-on-this-host"}])
def test_database_url_matches_the_db_service(overrides):
    config = compose(**overrides)
    db_name = service_with_image(config, "postgres")
    db = environment_of(config["services"][db_name])
    for name in app_service_names(config):
        url = urlsplit(environment_of(config["services"][name])["DATABASE_URL"])
        assert url.scheme in ("postgres", "postgresql")
        assert url.hostname == db_name
        assert (url.port or POSTGRES_PORT) == POSTGRES_PORT
        assert url.path.strip("/") == db.get("POSTGRES_DB", db.get("POSTGRES_USER", "postgres"))
        assert url.username == db.get("POSTGRES_USER", "postgres")
        assert url.password == db["POSTGRES_PASSWORD"]
    if overrides:
        assert db["POSTGRES_PASSWORD"] == overrides["POSTGRES_PASSWORD"]


def test_database_url_is_accepted_by_the_settings_parser():
    from nexus_site.config import database_from_url

    url = environment_of(compose()["services"]["web"])["DATABASE_URL"]
    parsed = database_from_url(url=url)
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert parsed["HOST"] == service_with_image(compose(), "postgres")
    assert int(parsed["PORT"]) == POSTGRES_PORT


def test_redis_urls_point_at_the_redis_service():
    config = compose()
    redis_name = service_with_image(config, "redis")
    for name in app_service_names(config):
        environment = environment_of(config["services"][name])
        for variable in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            if variable not in environment:
                continue
            url = urlsplit(environment[variable])
            assert url.scheme in ("redis", "rediss"), (name, variable)
            assert url.hostname == redis_name, (name, variable)
            assert (url.port or REDIS_PORT) == REDIS_PORT, (name, variable)


def test_meilisearch_url_and_key_match_the_meilisearch_service():
    raw, config = raw_compose(), compose()
    meili_name = service_with_image(config, "getmeili/meilisearch")
    meili = environment_of(config["services"][meili_name])
    port = int(meili.get("MEILI_HTTP_ADDR", f":{MEILISEARCH_PORT}").rsplit(":", 1)[1])
    assert any(f":{port}/health" in part for part in healthcheck_test(raw["services"][meili_name]))
    for name in app_service_names(config):
        environment = environment_of(config["services"][name])
        url = urlsplit(environment["MEILISEARCH_URL"])
        assert url.scheme == "http"
        assert url.hostname == meili_name
        assert (url.port or 80) == port
        assert environment.get("MEILISEARCH_API_KEY") == meili["MEILI_MASTER_KEY"]
        raw_key = environment_of(raw["services"][name])["MEILISEARCH_API_KEY"]
        assert raw_key == environment_of(raw["services"][meili_name])["MEILI_MASTER_KEY"]


# --- Processes -----------------------------------------------------------------------------------


def test_web_runs_gunicorn_on_the_published_and_exposed_port():
    web = raw_compose()["services"]["web"]
    command = command_of(web)
    assert Path(command[0]).name == "gunicorn", command
    assert WSGI_APPLICATION in command
    host, _, port = gunicorn_bind(command).rpartition(":")
    assert host == "0.0.0.0", "bound to loopback, the published port would not reach it"
    assert int(port) in container_ports(web)
    assert int(port) in exposed_ports()


def test_worker_and_beat_run_the_celery_app():
    assert CELERY_FILE.exists()
    assert "Celery(" in CELERY_FILE.read_text()
    services = raw_compose()["services"]
    for name, role in (("worker", "worker"), ("beat", "beat")):
        command = command_of(services[name])
        assert Path(command[0]).name == "celery", (name, command)
        assert role in command, (name, command)
        app = re.search(r"(?:-A|--app)[=\s]+(\S+)", " ".join(command))
        assert app and app.group(1) == CELERY_APP, (name, command)


def test_only_the_web_service_migrates():
    config = raw_compose()
    migrating = [
        name
        for name in app_service_names(config)
        if environment_of(config["services"][name]).get("RUN_MIGRATIONS") == "1"
    ]
    assert migrating == ["web"]


def test_entrypoint_migrates_only_when_asked_then_runs_the_command(tmp_path):
    script = entrypoint_script()
    if script is None:
        pytest.skip("the image has no entrypoint script")
    # The container runs it as the app user, neither its owner nor in its group: "other" needs x.
    copy = next(
        i.arguments
        for i in final_stage()
        if i.keyword == "COPY" and str(script.relative_to(PROJECT_DIR)) in i.arguments
    )
    mode = re.search(r"--chmod=([0-7]+)\b", copy)
    executable = int(mode.group(1), 8) if mode else script.stat().st_mode
    assert executable & 0o001, f"{script} is not executable by the app user in the image"
    calls = tmp_path / "calls"
    fake_python = tmp_path / "bin" / "python"
    fake_python.parent.mkdir()
    fake_python.write_text(f'#!/bin/sh\necho "$*" >> {calls}\nexit "${{FAKE_EXIT:-0}}"\n')
    fake_python.chmod(0o755)

    def run(**environment):
        env = {"PATH": f"{fake_python.parent}:/usr/bin:/bin", **environment}
        return subprocess.run(
            ["sh", str(script), "echo", "command ran"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )

    result = run()
    assert result.returncode == 0 and "command ran" in result.stdout
    assert not calls.exists(), "migrated without RUN_MIGRATIONS=1"

    result = run(RUN_MIGRATIONS="1")
    assert result.returncode == 0 and "command ran" in result.stdout
    assert calls.read_text().splitlines() == [
        "manage.py migrate --noinput",
        "manage.py search_setup",
    ]

    result = run(RUN_MIGRATIONS="1", FAKE_EXIT="1")
    assert result.returncode != 0 and "command ran" not in result.stdout, (
        "a failed migration must stop the container"
    )


# --- Health checks -----------------------------------------------------------------------------


def test_every_service_has_a_healthcheck():
    for name, service in raw_compose()["services"].items():
        healthcheck = service.get("healthcheck") or {}
        assert not healthcheck.get("disable"), name
        test = healthcheck_test(service)
        assert len(test) >= 2 and test[0] in ("CMD", "CMD-SHELL"), f"{name}: {test}"


def test_dependency_healthchecks_use_the_service_tools():
    config = raw_compose()
    services = config["services"]
    db = " ".join(healthcheck_test(services[service_with_image(config, "postgres")]))
    redis = healthcheck_test(services[service_with_image(config, "redis")])
    meili = " ".join(healthcheck_test(services[service_with_image(config, "getmeili/meilisearch")]))
    assert "pg_isready" in db
    assert "redis-cli" in redis and "ping" in redis
    assert "/health" in meili


def test_app_healthchecks_fit_each_process():
    """Worker and beat run the web image, whose HEALTHCHECK probes gunicorn: they must override it
    with a check of their own; web's check is the image's."""
    image_probe = ["CMD", *dockerfile_exec_form("HEALTHCHECK")]
    services = raw_compose()["services"]
    for name in app_service_names(raw_compose()):
        test = healthcheck_test(services[name])
        if name == "web":
            assert test == image_probe
        else:
            assert HEALTH_PATH not in " ".join(test), f"{name} would probe a web server it lacks"
            assert CELERY_APP in " ".join(test), name


def test_web_waits_for_healthy_db_redis_and_meilisearch():
    config = raw_compose()
    depends_on = config["services"]["web"].get("depends_on") or {}
    assert isinstance(depends_on, dict), "the short depends_on form does not wait for health"
    for image in ("postgres", "redis", "getmeili/meilisearch"):
        dependency = service_with_image(config, image)
        assert (depends_on.get(dependency) or {}).get("condition") == "service_healthy", dependency


def test_dockerfile_healthcheck_probes_liveness_on_the_exposed_port():
    """Liveness, not readiness: a dependency's outage must not get the web container replaced."""
    from django.urls import resolve

    from nexus_site.health import health_live

    code = " ".join(dockerfile_exec_form("HEALTHCHECK"))
    assert "urllib" in code
    urls = re.findall(r"https?://([^/:'\"\s]+):(\d+)(/[^'\"\s]*)", code)
    assert urls, code
    for host, port, path in urls:
        assert host in LOOPBACK
        assert int(port) in exposed_ports()
        assert path == LIVENESS_PATH
    assert resolve(LIVENESS_PATH).func is health_live


class _HealthStub(BaseHTTPRequestHandler):
    status = 200
    seen: list = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).seen.append((self.path, self.headers.get("Host")))
        body = b'{"status": "ok"}'
        self.send_response(type(self).status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        return


@pytest.mark.parametrize(
    "allowed_hosts",
    ["compose", "shop.example.com,www.example.com", ".example.com", "*"],
)
def test_healthcheck_probe_runs_and_fails_on_503(allowed_hosts):
    """Runs the image's probe against a stub (its port swapped in): 200 passes, 503 fails, and the
    Host header it sends is one Django accepts under that ALLOWED_HOSTS."""
    from django.http.request import validate_host

    if allowed_hosts == "compose":
        allowed_hosts = environment_of(compose()["services"]["web"])["ALLOWED_HOSTS"]
    (port,) = exposed_ports()
    command = dockerfile_exec_form("HEALTHCHECK")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HealthStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        needle = f":{port}{LIVENESS_PATH}"
        probe = [part.replace(needle, f":{server.server_port}{LIVENESS_PATH}") for part in command]
        assert probe != command, f"the probe does not request {needle}"
        if Path(probe[0]).name.startswith("python"):
            probe[0] = sys.executable
        env = {"PATH": os.environ.get("PATH", ""), "ALLOWED_HOSTS": allowed_hosts}
        for status, should_pass in ((200, True), (503, False)):
            _HealthStub.status, _HealthStub.seen = status, []
            result = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=30)
            assert (result.returncode == 0) is should_pass, (status, result.stderr[-2000:])
            ((path, host),) = _HealthStub.seen
            assert path == LIVENESS_PATH
            allowed = [h.strip() for h in allowed_hosts.split(",") if h.strip()]
            assert validate_host(host.rsplit(":", 1)[0] if ":" in host else host, allowed), host
    finally:
        server.shutdown()
        server.server_close()


# --- Volumes -----------------------------------------------------------------------------------


def test_named_volumes_are_declared_and_used():
    config = raw_compose()
    declared = set(config.get("volumes") or {})
    used = {
        source
        for service in config["services"].values()
        for source, _ in volume_mounts(service)
        if is_named_volume(source)
    }
    assert used <= declared, f"undeclared volumes: {sorted(used - declared)}"
    assert declared <= used, f"declared but unused volumes: {sorted(declared - used)}"


def test_data_lives_in_named_volumes():
    config = compose()
    services = config["services"]
    expected = {
        service_with_image(config, "postgres"): "/var/lib/postgresql/data",
        service_with_image(config, "redis"): "/data",
        service_with_image(config, "getmeili/meilisearch"): "/meili_data",
    }
    for name, target in expected.items():
        assert any(
            is_named_volume(source) and path == target
            for source, path in volume_mounts(services[name])
        ), f"{name} keeps {target} only in the container"
    for name in ("web", "worker"):
        environment = environment_of(services[name])
        for variable in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
            root = environment[variable]
            assert any(
                is_named_volume(source) and path.rstrip("/") == root.rstrip("/")
                for source, path in volume_mounts(services[name])
            ), f"{name}: {variable} {root} is not a named volume"
        # Staff-only files never sit where /media/ serves from.
        private_root = environment["PRIVATE_MEDIA_ROOT"].rstrip("/") + "/"
        assert not private_root.startswith(environment["MEDIA_ROOT"].rstrip("/") + "/")


# --- Dockerfile ----------------------------------------------------------------------------------


def test_dockerfile_has_a_build_and_a_runtime_stage():
    stages = [i for i in dockerfile() if i.keyword == "FROM"]
    assert len(stages) >= 2
    for stage in stages:
        assert stage.arguments.split()[0].startswith("python:3.11-slim"), stage.arguments
    copies_venv = [
        i
        for i in final_stage()
        if i.keyword == "COPY" and "--from=" in i.arguments and "/opt/venv" in i.arguments
    ]
    assert copies_venv, "the runtime stage does not take the virtualenv from the build stage"
    path = " ".join(i.arguments for i in final_stage() if i.keyword == "ENV")
    assert "/opt/venv/bin" in path


def test_dockerfile_installs_the_pinned_lock():
    lock = PROJECT_DIR / "requirements.lock"
    requirements = [
        line.strip()
        for line in lock.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "-"))
    ]
    assert requirements and all("==" in line for line in requirements), "the lock is not pinned"
    build = [i for i in dockerfile() if i.stage < final_stage()[0].stage]
    assert any(i.keyword == "RUN" and "venv /opt/venv" in i.arguments for i in build)
    assert any(
        i.keyword == "COPY" and "requirements.lock" in i.arguments.split()[:-1] for i in build
    )
    installs = [
        i.arguments
        for i in build
        if i.keyword == "RUN"
        and "pip install" in i.arguments
        and "requirements.lock" in i.arguments
    ]
    assert installs, "no RUN installs requirements.lock in the build stage"
    assert all(re.search(r"-r\s+\S*requirements\.lock", run) for run in installs)
    assert all("--no-cache-dir" in run for run in installs)


def test_dockerfile_runs_as_a_non_root_user():
    stage = final_stage()
    users = [index for index, i in enumerate(stage) if i.keyword == "USER"]
    assert users, "the runtime stage never leaves root"
    cmd = max(index for index, i in enumerate(stage) if i.keyword == "CMD")
    assert users[-1] < cmd
    user = stage[users[-1]].arguments.split(":")[0]
    assert user not in ("root", "0")
    if not user.isdigit():
        created = " ".join(i.arguments for i in stage if i.keyword == "RUN")
        uid = re.search(rf"useradd\b[^&;]*--uid\s+(\d+)[^&;]*\b{re.escape(user)}\b", created)
        assert uid and int(uid.group(1)) != 0, f"user {user} is not created with a fixed uid"


def test_dockerfile_collects_static_at_build_time_with_throwaway_settings():
    runs = [
        i.arguments for i in final_stage() if i.keyword == "RUN" and "collectstatic" in i.arguments
    ]
    assert runs and "--noinput" in runs[0]
    # The manifest storage is what DEBUG=false serves; the dummy key lives on that line only.
    assert re.search(r"\bDEBUG=(false|False|0)\b", runs[0])
    assert "SECRET_KEY=" in runs[0]


def test_no_secret_is_baked_into_the_image():
    for instruction in dockerfile():
        if instruction.keyword in ("ENV", "ARG", "LABEL"):
            names = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", instruction.arguments)
            assert not [n for n in names if SECRET_NAME.search(n)], instruction


def test_no_literal_secret_in_compose():
    whole_interpolation = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}]*)?\}$")
    config = raw_compose()
    for name, service in config["services"].items():
        for key, value in environment_of(service).items():
            if SECRET_NAME.search(key):
                assert whole_interpolation.match(value), f"{name}: {key} holds a literal"
            password = urlsplit(value).password if "://" in value else None
            if password:
                assert whole_interpolation.match(password), f"{name}: {key} embeds a password"
    for name in app_service_names(config):
        secret_key = environment_of(config["services"][name])["SECRET_KEY"]
        assert re.match(r"^\$\{SECRET_KEY:?\?", secret_key), "SECRET_KEY must have no default"
    with pytest.raises(MissingVariableError, match="SECRET_KEY"):
        interpolate_all(raw_compose(), {})


# --- Build context ---------------------------------------------------------------------------


def dockerignore_patterns() -> list[str]:
    return [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def is_ignored(path: str) -> bool:
    """Docker's rule, close enough: a pattern matching the path or one of its parent folders
    excludes it; a later ``!pattern`` brings it back."""
    parts = Path(path).parts
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    ignored = False
    for pattern in dockerignore_patterns():
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        patterns = {pattern, pattern.removeprefix("**/")}
        if any(fnmatch.fnmatchcase(c, p) for c in candidates for p in patterns):
            ignored = not negate
    return ignored


def test_dockerignore_keeps_local_state_and_secrets_out():
    for path in (
        *(".git", ".venv", ".env", "media", "private-media", "staticfiles"),
        *("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"),
    ):
        assert is_ignored(path), f"{path} would be sent into the image"


def test_dockerfile_copies_files_that_reach_the_build_context():
    for path in ("manage.py", "nexus_site/settings.py", "requirements.lock", "static", "templates"):
        assert not is_ignored(path), f".dockerignore drops {path}, which the image needs"
    for instruction in dockerfile():
        if instruction.keyword not in ("COPY", "ADD") or "--from" in instruction.arguments:
            continue
        sources = [p for p in instruction.arguments.split() if not p.startswith("--")][:-1]
        for source in sources:
            if source in (".", "./"):
                continue
            assert (PROJECT_DIR / source).exists(), f"COPY {source}: no such file"
            assert not is_ignored(source), f"COPY {source}: excluded by .dockerignore"


# --- External tools, when installed --------------------------------------------------------------


def test_docker_compose_config_is_valid():
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("docker CLI not installed")
    version = subprocess.run(
        [docker, "compose", "version"], capture_output=True, text=True, timeout=60
    )
    if version.returncode != 0:
        pytest.skip("docker compose plugin not installed")
    result = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE_FILE), "config", "-q"],
        cwd=PROJECT_DIR,
        env={**os.environ, **interpolation_environ()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0 and "Cannot connect to the Docker daemon" in result.stderr:
        pytest.skip("docker compose config needs a Docker engine here")
    assert result.returncode == 0, result.stderr


def test_hadolint_accepts_the_dockerfile():
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "warning", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
